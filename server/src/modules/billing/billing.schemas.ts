import { Type } from 'typebox';

/** TypeBox schemas of the billing routes. */

const Decimal = Type.String({ description: 'A decimal amount' });
const Day = Type.String({ description: 'A day, YYYY-MM-DD' });

export const InvoiceStatusSchema = Type.Union(['due', 'pending', 'paid', 'failed', 'refunded', 'settled'].map((s) => Type.Literal(s)));

export const InvoiceSummarySchema = Type.Object({
  invoiceId: Type.String(),
  number: Type.String(),
  tenantId: Type.String(),
  currency: Type.String(),
  periodStart: Day,
  periodEnd: Day,
  subtotal: Decimal,
  tax: Decimal,
  total: Decimal,
  status: InvoiceStatusSchema,
  issuedAt: Type.String(),
  paidAt: Type.Union([Type.String(), Type.Null()]),
});

export const InvoiceDetailSchema = Type.Object({
  ...InvoiceSummarySchema.properties,
  lines: Type.Array(
    Type.Object({
      lineNo: Type.Integer(),
      kind: Type.String(),
      correction: Type.Boolean(),
      description: Type.String(),
      subscriptionId: Type.String(),
      offerId: Type.String(),
      planId: Type.String(),
      dimension: Type.Union([Type.String(), Type.Null()]),
      quantity: Type.Union([Decimal, Type.Null()]),
      unitPrice: Type.Union([Decimal, Type.Null()]),
      amount: Decimal,
      taxRate: Decimal,
      tax: Decimal,
      taxCollectedBy: Type.String(),
      serviceStart: Day,
      serviceEnd: Day,
      billedOn: Day,
      isTest: Type.Boolean(),
    }),
  ),
  payments: Type.Array(
    Type.Object({
      attempt: Type.Integer(),
      kind: Type.String(),
      amount: Decimal,
      status: Type.String(),
      provider: Type.String(),
      reference: Type.Union([Type.String(), Type.Null()]),
      failureReason: Type.Union([Type.String(), Type.Null()]),
      attemptedAt: Type.String(),
      settledAt: Type.Union([Type.String(), Type.Null()]),
    }),
  ),
});

export const InvoiceListQuery = Type.Object({
  status: Type.Optional(InvoiceStatusSchema),
  top: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  skip: Type.Optional(Type.Integer({ minimum: 0, default: 0 })),
});

export const AdminInvoiceListQuery = Type.Object({
  ...InvoiceListQuery.properties,
  tenantId: Type.Optional(Type.String({ format: 'uuid' })),
});

export const RunBody = Type.Object({ period: Type.String({ pattern: '^\\d{4}-\\d{2}$', description: 'The calendar month to bill, YYYY-MM' }) }, { additionalProperties: false });

export const RunResultSchema = Type.Object({
  runId: Type.String(),
  period: Type.String(),
  compareOnly: Type.Boolean(),
  invoices: Type.Array(Type.Object({ invoiceId: Type.String(), number: Type.String(), tenantId: Type.String(), currency: Type.String(), total: Decimal })),
  unchanged: Type.Integer(),
  pendingAdjustments: Type.Integer(),
});

export const RunSummarySchema = Type.Object({
  runId: Type.String(),
  periodStart: Day,
  periodEnd: Day,
  startedAt: Type.String(),
  completedAt: Type.String(),
  invoices: Type.Integer(),
  unchanged: Type.Integer(),
  pendingAdjustments: Type.Integer(),
});

export const FeeRateSchema = Type.Object({ effectiveFrom: Day, rate: Decimal, setAt: Type.String(), setBy: Type.String() });
export const FeeRateBody = Type.Object({ rate: Type.String({ description: 'A fraction: 0.03 is 3%' }) }, { additionalProperties: false });

export const TaxCollectorSchema = Type.Union([Type.Literal('platform'), Type.Literal('publisher')]);
export const TaxRateSchema = Type.Object({ country: Type.String(), effectiveFrom: Day, rate: Decimal, collectedBy: TaxCollectorSchema });
export const TaxRateBody = Type.Object({ rate: Type.String({ description: 'A fraction: 0.1 is 10%' }), collectedBy: TaxCollectorSchema }, { additionalProperties: false });

export const InstrumentBehaviorSchema = Type.Union([Type.Literal('succeed'), Type.Literal('fail'), Type.Literal('delay')]);
export const InstrumentBody = Type.Union([
  Type.Object({ behavior: InstrumentBehaviorSchema }, { additionalProperties: false }),
  Type.Object({ failing: Type.Boolean({ description: 'Shorthand: true is "fail", false is "succeed"' }) }, { additionalProperties: false }),
]);
export const InstrumentSchema = Type.Object({ tenantId: Type.String(), behavior: InstrumentBehaviorSchema, retried: Type.Integer({ description: 'Failed invoices whose collection was retried now' }) });
