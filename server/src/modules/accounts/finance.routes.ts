import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Tx } from '../../platform/db/index.js';
import { AppError, unwrap, type Result } from '../../platform/errors.js';
import { agoraErrorHandler } from '../../platform/http/index.js';
import { transact } from '../../platform/transaction.js';
import { getAccount } from './account.service.js';
import type { AccountsDeps } from './accounts.types.js';
import { bankSchemeOf, ibanPrefixFor, IBAN_LENGTHS } from './bank-account.js';
import { CITIZENSHIP_COUNTRIES, PAYOUT_CURRENCIES, PUBLISHER_COUNTRIES, US_STATES } from './finance.countries.js';
import {
  DecisionBody,
  FinanceParams,
  FinanceReferenceSchema,
  PayoutHoldBody,
  PayoutProfileBody,
  PayoutProfileSchema,
  TaxProfileBody,
  TaxProfileSchema,
} from './finance.schemas.js';
import { TAX_VALIDATION_DELAY_MS, type FinanceActor } from './finance.types.js';
import { decidePayoutProfile, getPayoutProfile, putPayoutProfile, setPayoutHold, type PayoutProfileInput } from './payout-profile.service.js';
import { DEFAULT_WITHHOLDING_RATE, MAX_TREATY_RATE, type TaxProfileInput } from './tax-profile.rules.js';
import { decideTaxProfile, getTaxProfile, putTaxProfile } from './tax-profile.service.js';

const errors = { 400: { $ref: 'Error#' }, 401: { $ref: 'Error#' }, 403: { $ref: 'Error#' }, 404: { $ref: 'Error#' }, 409: { $ref: 'Error#' } };
const account = (action: 'finance.read' | 'payout.manage') => ({ permission: { account: true as const, action } });
const operator = { permission: 'operator' as const };
const tags = ['accounts', 'finance'];
const adminTags = ['accounts', 'finance', 'admin'];

/** Status codes of the finance errors (the shared ones come from STATUS_BY_CODE). */
const STATUS = { TaxProfileRequired: 409, TaxFormMismatch: 400, BankCountryMismatch: 400 };

function actorOf(request: FastifyRequest): FinanceActor {
  const p = request.principal;
  if (!p) throw new AppError(401, 'Unauthenticated', 'Sign in first.');
  return p.kind === 'user' ? { kind: 'user', id: p.userId } : { kind: 'app', id: p.appId };
}

function operatorOf(request: FastifyRequest): FinanceActor {
  const p = request.principal;
  if (p?.kind !== 'user') throw new AppError(403, 'Forbidden', 'This needs a marketplace operator.');
  return { kind: 'operator', id: p.userId };
}

const accountIdOf = (request: FastifyRequest) => (request.params as { accountId: string }).accountId;

/** Tax and payout profiles: the publisher's API (finance.read, payout.manage), the operators' decisions, the reference data. */
export async function financeRoutes(app: FastifyInstance, deps: AccountsDeps): Promise<void> {
  app.addSchema(TaxProfileSchema);
  app.addSchema(PayoutProfileSchema);
  app.setErrorHandler(agoraErrorHandler);
  const { db, clock } = deps;
  const change = async <T>(fn: (trx: Tx) => Promise<Result<T>>): Promise<T> => unwrap(await transact(db, fn), STATUS);

  app.get('/api/finance/reference', {
    config: { permission: 'signed-in' },
    schema: {
      operationId: 'getFinanceReference',
      tags,
      summary: 'Supported publisher countries with the bank details each takes, citizenship countries, US states, payout currencies',
      response: { 200: FinanceReferenceSchema, ...errors },
    },
    handler: async () => ({
      publisherCountries: [...PUBLISHER_COUNTRIES].map(([code, name]) => {
        const prefix = ibanPrefixFor(code) ?? null;
        return { code, name, bankScheme: bankSchemeOf(code), ibanPrefix: prefix, ibanLength: prefix ? IBAN_LENGTHS[prefix]! : null };
      }),
      citizenshipCountries: [...CITIZENSHIP_COUNTRIES].map(([code, name]) => ({ code, name })),
      usStates: [...US_STATES],
      payoutCurrencies: [...PAYOUT_CURRENCIES],
      maxTreatyRate: MAX_TREATY_RATE,
      defaultWithholdingRate: Number(DEFAULT_WITHHOLDING_RATE),
      validationDelayHours: TAX_VALIDATION_DELAY_MS / 3_600_000,
    }),
  });

  app.get('/api/accounts/:accountId/tax-profile', {
    config: account('finance.read'),
    schema: { operationId: 'getTaxProfile', tags, summary: 'The tax profile, its TIN masked, with its validation status and history', params: FinanceParams, response: { 200: { $ref: 'TaxProfile#' }, ...errors } },
    handler: async (request) => unwrap(await getTaxProfile(db, accountIdOf(request))),
  });

  app.put('/api/accounts/:accountId/tax-profile', {
    config: account('payout.manage'),
    schema: {
      operationId: 'putTaxProfile',
      tags,
      summary: 'Submit the tax profile (W-9 or W-8); new content is validated again within 48 hours',
      params: FinanceParams,
      body: TaxProfileBody,
      response: { 200: { $ref: 'TaxProfile#' }, 201: { $ref: 'TaxProfile#' }, ...errors },
    },
    handler: async (request, reply) => {
      const actor = actorOf(request);
      const result = await change((trx) => putTaxProfile(trx, clock.now(), accountIdOf(request), actor, request.body as TaxProfileInput));
      return reply.status(result.created ? 201 : 200).send(result.profile);
    },
  });

  app.get('/api/accounts/:accountId/payout-profile', {
    config: account('finance.read'),
    schema: {
      operationId: 'getPayoutProfile',
      tags,
      summary: 'The payout profile, its account number masked, with its verification status, the payout hold and its history',
      params: FinanceParams,
      response: { 200: { $ref: 'PayoutProfile#' }, ...errors },
    },
    handler: async (request) => unwrap(await getPayoutProfile(db, clock.now(), accountIdOf(request))),
  });

  app.put('/api/accounts/:accountId/payout-profile', {
    config: account('payout.manage'),
    schema: {
      operationId: 'putPayoutProfile',
      tags,
      summary: 'Create or change the payout profile (after the tax profile): payout currency and bank account in the country of residence',
      params: FinanceParams,
      body: PayoutProfileBody,
      response: { 200: { $ref: 'PayoutProfile#' }, 201: { $ref: 'PayoutProfile#' }, ...errors },
    },
    handler: async (request, reply) => {
      const actor = actorOf(request);
      const result = await change((trx) => putPayoutProfile(trx, clock.now(), accountIdOf(request), actor, request.body as PayoutProfileInput));
      return reply.status(result.created ? 201 : 200).send(result.profile);
    },
  });

  app.patch('/api/accounts/:accountId/payout-profile', {
    config: account('payout.manage'),
    schema: {
      operationId: 'setPayoutHold',
      tags,
      summary: 'Hold my payment On or Off: it governs the payouts of the months after the end of this month',
      params: FinanceParams,
      body: PayoutHoldBody,
      response: { 200: { $ref: 'PayoutProfile#' }, ...errors },
    },
    handler: async (request) => {
      const actor = actorOf(request);
      return change((trx) => setPayoutHold(trx, clock.now(), accountIdOf(request), actor, (request.body as { holdPayment: boolean }).holdPayment));
    },
  });

  /** An operator's decision on an account's profile; a missing or closed account is a 404. */
  const decision = (
    url: string,
    operationId: string,
    summary: string,
    schema: 'TaxProfile' | 'PayoutProfile',
    run: (trx: Tx, accountId: string, actor: FinanceActor, reason: string | null) => Promise<Result<unknown>>,
  ) =>
    app.post(url, {
      config: operator,
      schema: { operationId, tags: adminTags, summary, params: FinanceParams, body: DecisionBody, response: { 200: { $ref: `${schema}#` }, ...errors } },
      handler: async (request) => {
        const actor = operatorOf(request);
        const accountId = accountIdOf(request);
        unwrap(await getAccount(db, accountId));
        const reason = (request.body as { reason?: string } | undefined)?.reason ?? null;
        return change((trx) => run(trx, accountId, actor, reason));
      },
    });

  decision('/api/admin/accounts/:accountId/tax-profile/validate', 'validateTaxProfile', 'Validate a Submitted or Invalid tax profile', 'TaxProfile', (trx, id, actor, reason) =>
    decideTaxProfile(trx, clock.now(), id, actor, 'Validate', reason),
  );
  decision('/api/admin/accounts/:accountId/tax-profile/invalidate', 'invalidateTaxProfile', 'Invalidate a Submitted or Validated tax profile, with the reason the publisher sees', 'TaxProfile', (trx, id, actor, reason) =>
    decideTaxProfile(trx, clock.now(), id, actor, 'Invalidate', reason),
  );
  decision('/api/admin/accounts/:accountId/payout-profile/verify', 'verifyPayoutProfile', 'Verify the bank account of a payout profile', 'PayoutProfile', (trx, id, actor, reason) =>
    decidePayoutProfile(trx, clock.now(), id, actor, 'Verify', reason),
  );
  decision('/api/admin/accounts/:accountId/payout-profile/reject', 'rejectPayoutProfile', 'Reject the bank account of a payout profile, with the reason the publisher sees', 'PayoutProfile', (trx, id, actor, reason) =>
    decidePayoutProfile(trx, clock.now(), id, actor, 'Reject', reason),
  );
}
