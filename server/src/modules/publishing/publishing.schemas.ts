import { Type } from 'typebox';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const DateTime = Type.String({ format: 'date-time' });

export const OfferParams = Type.Object({ accountId: Type.String(), offerId: Type.String({ maxLength: 50 }) });
export const SubmissionParams = Type.Object({ accountId: Type.String(), offerId: Type.String({ maxLength: 50 }), submissionId: Type.String({ maxLength: 36 }) });
export const PlanParams = Type.Object({ accountId: Type.String(), offerId: Type.String({ maxLength: 50 }), planId: Type.String({ maxLength: 50 }) });
export const AdminSubmissionParams = Type.Object({ submissionId: Type.String({ maxLength: 36 }) });

export const SubmitBody = Type.Object(
  { notesForCertification: Type.Optional(Type.String({ maxLength: 4000, description: 'Testing instructions and notes for the certification team.' })) },
  { additionalProperties: false },
);
export const ApproveBody = Type.Object({ report: Type.Optional(Type.String({ maxLength: 10_000, description: 'Review notes for the publisher.' })) }, { additionalProperties: false });
export const RejectBody = Type.Object(
  { report: Type.String({ minLength: 1, maxLength: 10_000, description: 'The certification failure report: the policies that failed and review notes.' }) },
  { additionalProperties: false },
);

const FindingSchema = Type.Object({
  severity: Type.Union([Type.Literal('warning'), Type.Literal('error')]),
  target: Type.String(),
  message: Type.String(),
  step: Type.String(),
});
const StepStatus = Type.Union([Type.Literal('NotStarted'), Type.Literal('InProgress'), Type.Literal('Completed'), Type.Literal('Failed'), Type.Literal('Canceled')]);

export const SubmissionSchema = Type.Object(
  {
    submissionId: Type.String(),
    offerId: Type.String(),
    offerType: Type.String(),
    kind: Type.String(),
    status: Type.String({ description: 'InProgress, WaitingForSignOff, InCertification, Publishing, Completed, Failed, Canceling, Canceled or Superseded.' }),
    snapshotId: Type.String(),
    draftVersion: Type.Integer(),
    previousOfferStatus: Type.String(),
    notesForCertification: Nullable(Type.String()),
    createdAt: DateTime,
    createdBy: Type.Object({ id: Type.String(), displayName: Type.String() }),
    previewCreatedAt: Nullable(DateTime),
    signedOffAt: Nullable(DateTime),
    completedAt: Nullable(DateTime),
    phases: Type.Array(Type.Object({ name: Type.String(), status: StepStatus, completedAt: Nullable(DateTime) })),
    steps: Type.Array(
      Type.Object({
        position: Type.Integer(),
        key: Type.String(),
        kind: Type.String(),
        phase: Type.String(),
        name: Type.String(),
        estimate: Type.String(),
        status: StepStatus,
        startedAt: Nullable(DateTime),
        completedAt: Nullable(DateTime),
        detail: Type.Unknown(),
      }),
    ),
    validationReport: Type.Array(FindingSchema),
    certification: Nullable(Type.Object({ decision: Type.String(), report: Nullable(Type.String()), at: DateTime })),
  },
  { $id: 'PublishingSubmission' },
);

export const HistoryQuery = Type.Object({
  eventType: Type.Optional(Type.Array(Type.String({ maxLength: 200 }), { maxItems: 20, description: 'Event types, e.g. "Submitted offer to preview" (repeat for several).' })),
  initiatedBy: Type.Optional(Type.Array(Type.String({ maxLength: 100 }), { maxItems: 20, description: 'User ids, or the kinds user, system, microsoft.' })),
  from: Type.Optional(Type.String({ maxLength: 40, description: 'A date (inclusive) or an ISO 8601 instant.' })),
  to: Type.Optional(Type.String({ maxLength: 40, description: 'A date (inclusive) or an ISO 8601 instant.' })),
  page: Type.Optional(Type.Array(Type.String({ maxLength: 100 }), { maxItems: 20, description: 'Pages filter: "Submitted offer to preview" events that changed this page (id or title).' })),
  top: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
  skip: Type.Optional(Type.Integer({ minimum: 0 })),
});

const Initiator = Type.Object({ kind: Type.String(), id: Nullable(Type.String()), displayName: Nullable(Type.String()) });
export const HistorySchema = Type.Object({
  events: Type.Array(
    Type.Object({
      eventId: Type.String(),
      eventType: Type.String(),
      event: Type.String(),
      subject: Nullable(Type.String()),
      initiatedBy: Initiator,
      outcome: Nullable(Type.String()),
      at: DateTime,
      pagesChanged: Type.Array(Type.Object({ id: Type.String(), title: Type.String() })),
      submissionId: Nullable(Type.String()),
      details: Type.Unknown(),
    }),
  ),
  total: Type.Integer(),
  top: Type.Integer(),
  skip: Type.Integer(),
});

const ChangeSchema = Type.Object({ path: Type.String(), change: Type.String(), before: Type.Unknown(), after: Type.Unknown() });
export const CompareQuery = Type.Object({
  against: Type.Optional(Type.Union([Type.Literal('live'), Type.Literal('preview')])),
  filter: Type.Optional(
    Type.Union([Type.Literal('all'), Type.Literal('modified'), Type.Literal('added'), Type.Literal('removed'), Type.Literal('edited'), Type.Literal('unchanged')], {
      description: 'All fields, modified fields (default), or one kind of change.',
    }),
  ),
});
export const CompareSchema = Type.Object({
  against: Type.String(),
  snapshotId: Type.String(),
  publishedDraftVersion: Type.Integer(),
  draftVersion: Type.Integer(),
  filter: Type.String(),
  tabs: Type.Array(Type.Object({ id: Type.String(), title: Type.String(), changes: Type.Array(ChangeSchema) })),
  plans: Type.Array(Type.Object({ planId: Type.String(), name: Type.String(), change: Type.String(), changes: Type.Array(ChangeSchema) })),
  limitations: Type.Array(Type.String()),
});

export const QueueItemSchema = Type.Object({
  submissionId: Type.String(),
  offer: Type.Object({ offerId: Type.String(), alias: Type.String(), name: Nullable(Type.String()), offerType: Type.String() }),
  publisher: Type.Object({ accountId: Type.String(), displayName: Nullable(Type.String()) }),
  submittedAt: DateTime,
  signedOffAt: Nullable(DateTime),
  notesForCertification: Nullable(Type.String()),
  validationReport: Type.Array(FindingSchema),
});
export const CertificationItemSchema = Type.Object({
  ...QueueItemSchema.properties,
  status: Type.String(),
  submission: Type.Ref('PublishingSubmission'),
  snapshot: Type.Object({ snapshotId: Type.String(), draftVersion: Type.Integer(), document: Type.Unknown() }),
});

export const StopDistributionSchema = Type.Object({ offerId: Type.String(), status: Type.String() });
export const PlanDistributionSchema = Type.Object({ planId: Type.String(), state: Type.String() });
export const AudienceSyncSchema = Type.Object({ planId: Type.String(), added: Type.Integer(), removed: Type.Integer(), audienceSize: Type.Integer() });
