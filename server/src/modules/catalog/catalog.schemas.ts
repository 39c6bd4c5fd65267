import { Type } from 'typebox';

const IssueSchema = Type.Object({ target: Type.String(), code: Type.String(), message: Type.String() });
const TabStatus = Type.Union([Type.Literal('NotStarted'), Type.Literal('Incomplete'), Type.Literal('Complete')]);

export const OfferParams = Type.Object({ accountId: Type.String(), offerId: Type.String({ maxLength: 50 }) });
export const TabParams = Type.Object({ accountId: Type.String(), offerId: Type.String({ maxLength: 50 }), tabId: Type.String({ maxLength: 50 }) });
export const PlanParams = Type.Object({ accountId: Type.String(), offerId: Type.String({ maxLength: 50 }), planId: Type.String({ maxLength: 50 }) });
export const AudienceMemberParams = Type.Object({ accountId: Type.String(), offerId: Type.String({ maxLength: 50 }), planId: Type.String({ maxLength: 50 }), tenantId: Type.String({ maxLength: 36 }) });

export const IfMatchHeaders = Type.Object({ 'if-match': Type.Optional(Type.String({ description: 'The ETag of the offer as read ("*" to overwrite).' })) });

export const CreateOfferBody = Type.Object({
  offerType: Type.String({ description: 'SoftwareAsAService' }),
  offerId: Type.String({ description: 'Lowercase letters, digits, "-" and "_"; at most 50; unique in the account; immutable.' }),
  alias: Type.String({ description: 'The internal name (Partner Center only); 1 to 100 characters; immutable.' }),
});
export const CreatePlanBody = Type.Object({ planId: Type.String(), name: Type.String() });
export const AudienceChangeBody = Type.Object({
  members: Type.Array(Type.Object({ tenantId: Type.String({ maxLength: 64 }), description: Type.Optional(Type.String({ maxLength: 1000 })) }), { maxItems: 20_000 }),
});

export const OfferSummarySchema = Type.Object(
  {
    offerId: Type.String(),
    alias: Type.String(),
    offerType: Type.String(),
    status: Type.String(),
    version: Type.Integer(),
    plans: Type.Integer(),
    createdAt: Type.String({ format: 'date-time' }),
    updatedAt: Type.String({ format: 'date-time' }),
  },
  { $id: 'OfferSummary' },
);

const PlanSummarySchema = Type.Object({
  planId: Type.String(),
  name: Type.String(),
  pricingModel: Type.Union([Type.String(), Type.Null()]),
  visibility: Type.String(),
  state: Type.String(),
  status: TabStatus,
  missing: Type.Array(IssueSchema),
  audienceSyncPending: Type.Boolean(),
});

export const OfferDetailSchema = Type.Object(
  {
    offerId: Type.String(),
    alias: Type.String(),
    offerType: Type.String(),
    offerTypeName: Type.String(),
    status: Type.String(),
    version: Type.Integer(),
    plans: Type.Integer(),
    published: Type.Boolean(),
    stores: Type.Array(Type.String()),
    tabs: Type.Array(Type.Object({ id: Type.String(), title: Type.String(), status: TabStatus, missing: Type.Array(IssueSchema), value: Type.Unknown() })),
    planOverview: Type.Object({ status: TabStatus, missing: Type.Array(IssueSchema) }),
    planList: Type.Array(PlanSummarySchema),
    readyToPublish: Type.Boolean(),
    createdAt: Type.String({ format: 'date-time' }),
    updatedAt: Type.String({ format: 'date-time' }),
  },
  { $id: 'OfferDetail' },
);

export const PlanDetailSchema = Type.Object(
  {
    planId: Type.String(),
    name: Type.String(),
    pricingModel: Type.Union([Type.String(), Type.Null()]),
    visibility: Type.String(),
    state: Type.String(),
    status: TabStatus,
    missing: Type.Array(IssueSchema),
    offerVersion: Type.Integer(),
    sections: Type.Object({ listing: Type.Unknown(), pricingAndAvailability: Type.Unknown() }),
    audienceSyncPending: Type.Boolean(),
    audienceSize: Type.Integer(),
    liveAudienceSize: Type.Union([Type.Integer(), Type.Null()]),
    audienceSyncedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
    published: Type.Boolean(),
  },
  { $id: 'PlanDetail' },
);

export const AudienceSchema = Type.Object({
  offerVersion: Type.Optional(Type.Integer()),
  members: Type.Array(Type.Object({ tenantId: Type.String(), description: Type.String() })),
});

export const OfferTypeSchema = Type.Object({
  type: Type.String(),
  displayName: Type.String(),
  tabs: Type.Array(Type.Object({ id: Type.String(), title: Type.String(), schema: Type.Unknown() })),
  plans: Type.Union([
    Type.Null(),
    Type.Object({
      maxPlans: Type.Integer(),
      maxPrivatePlans: Type.Integer(),
      pricingModels: Type.Array(Type.String()),
      billingTerms: Type.Array(Type.String()),
      maxDimensionsPerPlan: Type.Integer(),
      trialDurations: Type.Array(Type.String()),
      maxAudienceManual: Type.Integer(),
      maxAudienceCsv: Type.Integer(),
      sections: Type.Unknown(),
    }),
  ]),
});
