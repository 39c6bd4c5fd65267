import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { Tx } from '../../platform/db/index.js';
import { fail, unwrap, type Result } from '../../platform/errors.js';
import { agoraErrorHandler } from '../../platform/http/index.js';
import { transact } from '../../platform/transaction.js';
import { approve, certificationItem, certificationQueue, reject, type CertificationEnv } from './certification.service.js';
import { compare } from './compare.service.js';
import type { CompareFilter } from './diff.js';
import { planDistribution, stopOfferDistribution, syncPrivateAudience } from './distribution.service.js';
import { initiatorOf, operatorInitiator } from './history.js';
import { offerHistory, type HistoryQuery as HistoryQueryInput } from './history.service.js';
import {
  AdminSubmissionParams,
  ApproveBody,
  CertificationItemSchema,
  CompareQuery,
  CompareSchema,
  HistoryQuery,
  HistorySchema,
  OfferParams,
  PlanDistributionSchema,
  AudienceSyncSchema,
  PlanParams,
  QueueItemSchema,
  RejectBody,
  StopDistributionSchema,
  SubmissionParams,
  SubmissionSchema,
  SubmitBody,
} from './publishing.schemas.js';
import type { PublishingDeps } from './publishing.types.js';
import { cancel, getSubmission, goLive, listSubmissions, submit } from './submission.service.js';

const errors = { 400: { $ref: 'Error#' }, 401: { $ref: 'Error#' }, 403: { $ref: 'Error#' }, 404: { $ref: 'Error#' }, 409: { $ref: 'Error#' } };
const STATUS = { OfferIncomplete: 409, SubmissionInProgress: 409, NotWaitingForSignOff: 409, CancelNotAllowed: 409, NotInCertification: 409, NotLive: 409 };
const can = (action: string) => ({ permission: { account: true as const, action } });
const Submission = { $ref: 'PublishingSubmission#' };

type OfferP = { accountId: string; offerId: string };
type SubmissionP = OfferP & { submissionId: string };
type PlanP = OfferP & { planId: string };

/** A unique index refused a concurrent change (two publishes of one offer at once): a conflict, not a crash. */
const isUniqueViolation = (error: unknown): boolean => (error as { code?: unknown } | null)?.code === '23505';

export async function publishingRoutes(app: FastifyInstance, deps: PublishingDeps): Promise<void> {
  app.addSchema(SubmissionSchema);
  app.setErrorHandler(agoraErrorHandler);
  const { db } = deps;
  const env: CertificationEnv = { catalog: deps.catalog, clock: deps.clock, accounts: deps.accounts };

  /** One transaction; the runner is woken when it committed, since most changes here enqueue pipeline work. */
  async function change<T>(fn: (trx: Tx) => Promise<Result<T>>): Promise<T> {
    let result: Result<T>;
    try {
      result = await transact(db, fn);
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      result = fail('Conflict', 'Another publishing change to this offer happened at the same time; reload the offer and try again.');
    }
    if (result.ok) deps.runner?.wake();
    return unwrap(result, STATUS);
  }
  const actor = (request: FastifyRequest) => initiatorOf(request.principal) as ReturnType<typeof initiatorOf> & { id: string };
  const location = (reply: FastifyReply, p: OfferP, submissionId: string) =>
    reply.header('location', `/api/accounts/${p.accountId}/offers/${encodeURIComponent(p.offerId)}/submissions/${submissionId}`);

  // ---- submissions ----

  app.post('/api/accounts/:accountId/offers/:offerId/submissions', {
    config: can('offers.publish'),
    schema: {
      operationId: 'publishOffer',
      tags: ['publishing'],
      summary: 'Publish (Review and publish): freeze the draft and submit it to preview; 409 OfferIncomplete lists what is missing',
      params: OfferParams,
      body: SubmitBody,
      response: { 202: Submission, ...errors },
    },
    handler: async (request, reply) => {
      const p = request.params as OfferP;
      const body = (request.body ?? {}) as { notesForCertification?: string };
      const sub = await change((trx) => submit(trx, env, actor(request), p.accountId, p.offerId, body));
      return location(reply, p, sub.submissionId).status(202).send(sub);
    },
  });

  app.get('/api/accounts/:accountId/offers/:offerId/submissions', {
    config: can('offers.read'),
    schema: { operationId: 'listSubmissions', tags: ['publishing'], summary: "The offer's submissions, newest first", params: OfferParams, response: { 200: Type.Object({ submissions: Type.Array(Type.Ref('PublishingSubmission')) }), ...errors } },
    handler: async (request) => {
      const p = request.params as OfferP;
      return { submissions: unwrap(await listSubmissions(db, env, p.accountId, p.offerId)) };
    },
  });

  app.get('/api/accounts/:accountId/offers/:offerId/submissions/:submissionId', {
    config: can('offers.read'),
    schema: { operationId: 'getSubmission', tags: ['publishing'], summary: 'Publish status: phases, steps with times, validation report, certification report', params: SubmissionParams, response: { 200: Submission, ...errors } },
    handler: async (request) => {
      const p = request.params as SubmissionP;
      return unwrap(await getSubmission(db, env, p.accountId, p.offerId, p.submissionId));
    },
  });

  app.post('/api/accounts/:accountId/offers/:offerId/submissions/:submissionId/go-live', {
    config: can('offers.publish'),
    schema: { operationId: 'goLive', tags: ['publishing'], summary: 'Go live: sign off the preview (then certification and final publish)', params: SubmissionParams, response: { 200: Submission, ...errors } },
    handler: async (request) => {
      const p = request.params as SubmissionP;
      return change((trx) => goLive(trx, env, actor(request), p.accountId, p.offerId, p.submissionId));
    },
  });

  app.post('/api/accounts/:accountId/offers/:offerId/submissions/:submissionId/cancel', {
    config: can('offers.publish'),
    schema: { operationId: 'cancelPublish', tags: ['publishing'], summary: 'Cancel publish (only before the publisher sign-off)', params: SubmissionParams, response: { 202: Submission, ...errors } },
    handler: async (request, reply) => {
      const p = request.params as SubmissionP;
      const sub = await change((trx) => cancel(trx, env, actor(request), p.accountId, p.offerId, p.submissionId));
      return location(reply, p, sub.submissionId).status(202).send(sub);
    },
  });

  // ---- distribution ----

  app.post('/api/accounts/:accountId/offers/:offerId/stop-distribution', {
    config: can('offers.publish'),
    schema: { operationId: 'stopOfferDistribution', tags: ['publishing'], summary: 'Stop distribution of a live offer: Pending Stop distribution, then Not available', params: OfferParams, response: { 202: StopDistributionSchema, ...errors } },
    handler: async (request, reply) => {
      const p = request.params as OfferP;
      return reply.status(202).send(await change((trx) => stopOfferDistribution(trx, env, actor(request), p.accountId, p.offerId)));
    },
  });

  for (const action of ['stop', 'resume'] as const) {
    app.post(`/api/accounts/:accountId/offers/:offerId/plans/:planId/${action}-distribution`, {
      config: can('offers.publish'),
      schema: {
        operationId: action === 'stop' ? 'stopPlanDistribution' : 'resumePlanDistribution',
        tags: ['publishing'],
        summary: action === 'stop' ? 'Stop distribution of a live plan (takes effect at the next publish)' : 'Resume distribution of a plan whose stop is pending',
        params: PlanParams,
        response: { 200: PlanDistributionSchema, ...errors },
      },
      handler: async (request) => {
        const p = request.params as PlanP;
        return change((trx) => planDistribution(trx, env, actor(request), p.accountId, p.offerId, p.planId, action));
      },
    });
  }

  app.post('/api/accounts/:accountId/offers/:offerId/plans/:planId/sync-audience', {
    config: can('offers.publish'),
    schema: {
      operationId: 'syncPrivateAudience',
      tags: ['publishing'],
      summary: "Sync private audience: publish only a live private plan's audience changes, without certification",
      params: PlanParams,
      response: { 200: AudienceSyncSchema, ...errors },
    },
    handler: async (request) => {
      const p = request.params as PlanP;
      return change((trx) => syncPrivateAudience(trx, env, actor(request), p.accountId, p.offerId, p.planId));
    },
  });

  // ---- history and compare ----

  app.get('/api/accounts/:accountId/offers/:offerId/history', {
    config: can('offers.read'),
    schema: { operationId: 'offerHistory', tags: ['publishing'], summary: "The offer's publishing history, with the Events, Users, Date and Pages filters", params: OfferParams, querystring: HistoryQuery, response: { 200: HistorySchema, ...errors } },
    handler: async (request) => {
      const p = request.params as OfferP;
      return unwrap(await offerHistory(db, env, p.accountId, p.offerId, request.query as HistoryQueryInput));
    },
  });

  app.get('/api/accounts/:accountId/offers/:offerId/compare', {
    config: can('offers.read'),
    schema: { operationId: 'compareOffer', tags: ['publishing'], summary: 'Compare the draft with the live or preview version, field by field', params: OfferParams, querystring: CompareQuery, response: { 200: CompareSchema, ...errors } },
    handler: async (request) => {
      const p = request.params as OfferP;
      const q = request.query as { against?: 'live' | 'preview'; filter?: CompareFilter };
      return unwrap(await compare(db, env, p.accountId, p.offerId, q.against, q.filter ?? 'modified'));
    },
  });

  // ---- certification (operators) ----

  app.get('/api/admin/certification', {
    config: { permission: 'operator' },
    schema: { operationId: 'certificationQueue', tags: ['publishing', 'admin'], summary: 'Submissions waiting for certification, oldest first', response: { 200: Type.Object({ items: Type.Array(QueueItemSchema) }), ...errors } },
    handler: async () => ({ items: await certificationQueue(db, env) }),
  });

  app.get('/api/admin/certification/:submissionId', {
    config: { permission: 'operator' },
    schema: { operationId: 'getCertificationItem', tags: ['publishing', 'admin'], summary: 'A submission to certify, with the frozen offer document', params: AdminSubmissionParams, response: { 200: CertificationItemSchema, ...errors } },
    handler: async (request) => unwrap(await certificationItem(db, env, (request.params as { submissionId: string }).submissionId)),
  });

  app.post('/api/admin/certification/:submissionId/approve', {
    config: { permission: 'operator' },
    schema: { operationId: 'approveCertification', tags: ['publishing', 'admin'], summary: 'Certify the submission; publishing continues', params: AdminSubmissionParams, body: ApproveBody, response: { 200: Submission, ...errors } },
    handler: async (request) => {
      const { submissionId } = request.params as { submissionId: string };
      const body = (request.body ?? {}) as { report?: string };
      return change((trx) => approve(trx, env, operatorInitiator(request.principal), submissionId, body.report));
    },
  });

  app.post('/api/admin/certification/:submissionId/reject', {
    config: { permission: 'operator' },
    schema: { operationId: 'rejectCertification', tags: ['publishing', 'admin'], summary: 'Fail certification with a report of the failed policies and notes', params: AdminSubmissionParams, body: RejectBody, response: { 200: Submission, ...errors } },
    handler: async (request) => {
      const { submissionId } = request.params as { submissionId: string };
      return change((trx) => reject(trx, env, operatorInitiator(request.principal), submissionId, (request.body as { report: string }).report));
    },
  });
}
