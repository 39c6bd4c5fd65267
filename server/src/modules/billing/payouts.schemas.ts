import { Type } from 'typebox';

/** TypeBox schemas of the earnings, payouts and payout-run routes (ADR 0018). */

const Decimal = Type.String({ description: 'A decimal amount' });
const NullableDecimal = Type.Union([Decimal, Type.Null()]);
const Day = Type.String({ description: 'A day, YYYY-MM-DD' });
const Month = Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])$', description: 'A payout month, YYYY-MM' });
const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);

export const EarningStatusSchema = Type.Union([Type.Literal('pending'), Type.Literal('available'), Type.Literal('paid')]);
export const CarryReasonSchema = Type.Union(
  ['NoTaxProfile', 'TaxProfileNotValidated', 'NoPayoutProfile', 'PayoutProfileNotVerified', 'PayoutHold', 'NoExchangeRate', 'BelowThreshold', 'NegativeBalance'].map((r) => Type.Literal(r)),
);

export const AccountParams = Type.Object({ accountId: Type.String() });
export const PayoutParams = Type.Object({ accountId: Type.String(), payoutId: Type.String() });

export const EarningsQuery = Type.Object({
  from: Type.Optional(Type.String({ description: 'Transaction dates from this day (YYYY-MM-DD, inclusive)' })),
  to: Type.Optional(Type.String({ description: 'Transaction dates up to this day (YYYY-MM-DD, inclusive)' })),
  offerId: Type.Optional(Type.String({ maxLength: 100 })),
  status: Type.Optional(EarningStatusSchema),
});

export const TransactionsQuery = Type.Object({
  ...EarningsQuery.properties,
  payoutId: Type.Optional(Type.String({ format: 'uuid' })),
  top: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
  skip: Type.Optional(Type.Integer({ minimum: 0, default: 0 })),
});

export const PageQuery = Type.Object({
  top: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  skip: Type.Optional(Type.Integer({ minimum: 0, default: 0 })),
});

const Totals = {
  currency: Type.String(),
  earnings: Type.Integer(),
  gross: Decimal,
  fee: Decimal,
  net: Decimal,
  taxToPublisher: Decimal,
  pending: Type.String({ description: 'net + tax to the publisher of earnings whose invoice is not paid yet' }),
  available: Type.String({ description: 'net + tax to the publisher of earnings waiting for a payout run' }),
  paid: Type.String({ description: 'net + tax to the publisher of earnings paid out' }),
};

export const EarningsSummarySchema = Type.Object({
  accountId: Type.String(),
  totals: Type.Array(Type.Object(Totals)),
  months: Type.Array(Type.Object({ month: Type.String(), ...Totals })),
});

export const EarningSchema = Type.Object({
  earningId: Type.String(),
  transactionDate: Day,
  customerTenantId: Type.String(),
  subscriptionId: Type.String(),
  offerId: Type.String(),
  planId: Type.String(),
  kind: Type.String(),
  invoiceNumber: Type.String(),
  lineNo: Type.Integer(),
  currency: Type.String(),
  gross: Decimal,
  feeRate: Decimal,
  fee: Decimal,
  net: Decimal,
  taxToPublisher: Decimal,
  isTest: Type.Boolean(),
  feeWaived: Type.Boolean(),
  status: EarningStatusSchema,
  availableAt: Nullable(Type.String()),
  payoutId: Nullable(Type.String()),
});

export const TransactionsSchema = Type.Object({ items: Type.Array(EarningSchema), total: Type.Integer(), top: Type.Integer(), skip: Type.Integer() });

export const PayoutSummarySchema = Type.Object({
  payoutId: Type.String(),
  accountId: Type.String(),
  month: Type.String(),
  payoutDate: Day,
  currency: Type.String(),
  amount: Type.String({ description: 'Σ the lines in the payout currency' }),
  withholding: Decimal,
  total: Type.String({ description: 'What is sent: amount − withholding' }),
  withholdingRate: Type.String({ description: 'Percent withheld from sales into the US' }),
  bankReference: Type.String(),
  earnings: Type.Integer(),
  createdAt: Type.String(),
});

export const CarriedForwardSchema = Type.Object({
  month: Type.String(),
  reason: CarryReasonSchema,
  currency: Nullable(Type.String()),
  total: NullableDecimal,
  threshold: NullableDecimal,
  earnings: Type.Integer(),
});

export const PayoutListSchema = Type.Object({ items: Type.Array(PayoutSummarySchema), carriedForward: Type.Array(CarriedForwardSchema) });

export const StatementSchema = Type.Object({
  ...PayoutSummarySchema.properties,
  lines: Type.Array(
    Type.Object({
      lineNo: Type.Integer(),
      earningId: Type.String(),
      transactionDate: Day,
      customerTenantId: Type.String(),
      subscriptionId: Type.String(),
      offerId: Type.String(),
      planId: Type.String(),
      kind: Type.String(),
      invoiceNumber: Type.String(),
      invoiceLine: Type.Integer(),
      market: Type.String(),
      isTest: Type.Boolean(),
      currency: Type.String(),
      gross: Decimal,
      feeRate: Decimal,
      fee: Decimal,
      net: Decimal,
      taxToPublisher: Decimal,
      rate: Type.String({ description: 'Payout-currency units per 1 unit of the customer currency on the transaction date' }),
      customerUsdRate: Decimal,
      payoutUsdRate: Decimal,
      rateDate: Day,
      amount: Decimal,
      withholding: Decimal,
    }),
  ),
  totals: Type.Object({
    byCurrency: Type.Array(Type.Object({ currency: Type.String(), earnings: Type.Integer(), gross: Decimal, fee: Decimal, net: Decimal, taxToPublisher: Decimal })),
    amount: Decimal,
    withholding: Decimal,
    total: Decimal,
  }),
});

const Threshold = Type.Object({ amount: Decimal, currency: Type.String() });

export const RunSchema = Type.Object({
  runId: Type.String(),
  month: Type.String(),
  cutOff: Type.String({ description: 'Earnings whose invoice was paid before this instant are paid' }),
  payoutDate: Day,
  threshold: Threshold,
  trigger: Type.Union([Type.Literal('schedule'), Type.Literal('operator')]),
  triggeredBy: Nullable(Type.String()),
  startedAt: Type.String(),
  completedAt: Type.String(),
  payouts: Type.Integer(),
  carriedForward: Type.Integer(),
});

export const RunResultSchema = Type.Object({
  created: Type.Boolean({ description: 'false: the month had been run before; this is that run and nothing was written' }),
  run: RunSchema,
  payouts: Type.Array(Type.Object({ payoutId: Type.String(), accountId: Type.String(), currency: Type.String(), amount: Decimal, withholding: Decimal, total: Decimal, earnings: Type.Integer() })),
  carriedForward: Type.Array(
    Type.Object({ accountId: Type.String(), reason: CarryReasonSchema, currency: Nullable(Type.String()), total: NullableDecimal, threshold: NullableDecimal, earnings: Type.Integer() }),
  ),
});

export const RunBody = Type.Object({ month: Month }, { additionalProperties: false });

export const ThresholdSchema = Type.Object({ amount: Decimal, currency: Type.String(), isDefault: Type.Boolean(), updatedAt: Nullable(Type.String()) });
export const ThresholdBody = Type.Object(
  { amount: Type.String({ description: 'A decimal amount ≥ 0, e.g. "50.00"' }), currency: Type.String({ description: 'USD or a payout currency' }) },
  { additionalProperties: false },
);

export const WaiverBody = Type.Object(
  {
    subscriptionId: Type.String({ description: 'The test purchase (SaaS subscription id)' }),
    ticketOpenedAt: Type.Optional(Type.String({ description: 'When the publisher opened the support ticket (ISO 8601); defaults to now' })),
    note: Type.Optional(Type.String({ maxLength: 500 })),
  },
  { additionalProperties: false },
);

export const WaiverSchema = Type.Object({
  subscriptionId: Type.String(),
  accountId: Type.String(),
  purchaseDate: Day,
  ticketOpenedAt: Type.String(),
  waivedAt: Type.String(),
  waivedBy: Type.String(),
  note: Nullable(Type.String()),
  earnings: Type.Array(Type.Object({ earningId: Type.String(), transactionDate: Day, currency: Type.String(), gross: Decimal, feeBefore: Decimal, fee: Decimal, net: Decimal })),
  paidOutBefore: Type.Integer(),
});
