import { Type } from 'typebox';

/** TypeBox schemas of the tax and payout profile APIs. Shapes and sizes only: the services check the rules. */

const Str = (maxLength: number, description?: string) => Type.String({ maxLength, ...(description ? { description } : {}) });
const NullableStr = (maxLength: number) => Type.Union([Type.String({ maxLength }), Type.Null()]);
const DateTime = Type.String({ format: 'date-time' });
const NullableDateTime = Type.Union([DateTime, Type.Null()]);

export const FinanceParams = Type.Object({ accountId: Type.String() });

const AddressBody = Type.Object(
  {
    line1: Str(200),
    line2: Type.Optional(NullableStr(200)),
    city: Str(100),
    region: Type.Optional(Type.Union([Str(100, 'State, province or region; a US address gives its two-letter state code'), Type.Null()])),
    postalCode: Type.Optional(Type.Union([Str(20, 'A US address gives its ZIP code'), Type.Null()])),
  },
  { additionalProperties: false },
);

export const TaxProfileBody = Type.Object(
  {
    entityType: Type.Union([Type.Literal('Individual'), Type.Literal('Business')]),
    legalName: Str(200),
    countryOfResidence: Str(2, 'ISO 3166 two-letter code of a supported publisher country'),
    citizenship: Type.Optional(Type.Union([Str(2, 'Individuals: ISO 3166 two-letter code'), Type.Null()])),
    address: AddressBody,
    taxForm: Type.Union([Type.Literal('W-9'), Type.Literal('W-8BEN'), Type.Literal('W-8BEN-E')], {
      description: 'W-9 for US persons, W-8BEN for other individuals, W-8BEN-E for other entities',
    }),
    taxId: Type.Optional(
      Type.Union([Str(50, 'W-9: SSN/ITIN ddd-dd-dddd (individuals) or EIN dd-ddddddd (businesses); W-8: the foreign TIN, optional'), Type.Null()]),
    ),
    treatyClaim: Type.Optional(
      Type.Union([
        Type.Object(
          {
            country: Str(2, 'The treaty country: the country of residence'),
            rate: Type.Union([Type.Number(), Type.String({ maxLength: 10 })], { description: 'The treaty rate, a percentage from 0 to 30 with at most 2 decimals' }),
          },
          { additionalProperties: false },
        ),
        Type.Null(),
      ]),
    ),
  },
  { additionalProperties: false },
);

const Actor = Type.Object({ kind: Type.String(), id: Type.Union([Type.String(), Type.Null()]) });
const FinanceEvent = Type.Object({
  action: Type.String(),
  fromStatus: Type.Union([Type.String(), Type.Null()]),
  toStatus: Type.String(),
  reason: Type.Union([Type.String(), Type.Null()]),
  actor: Actor,
  at: DateTime,
});

export const TaxProfileSchema = Type.Object(
  {
    accountId: Type.String(),
    entityType: Type.String(),
    legalName: Type.String(),
    countryOfResidence: Type.String(),
    citizenship: Type.Union([Type.String(), Type.Null()]),
    address: Type.Object({
      line1: Type.String(),
      line2: Type.Union([Type.String(), Type.Null()]),
      city: Type.String(),
      region: Type.Union([Type.String(), Type.Null()]),
      postalCode: Type.Union([Type.String(), Type.Null()]),
    }),
    taxForm: Type.String(),
    taxIdMasked: Type.Union([Type.String(), Type.Null()], { description: 'The TIN with all but its last 4 digits masked' }),
    treatyClaim: Type.Union([Type.Object({ country: Type.String(), rate: Type.Number() }), Type.Null()]),
    withholdingRate: Type.Number({ description: 'Percent withheld from sales into the US' }),
    status: Type.String({ description: 'Submitted, Validated or Invalid' }),
    statusReason: Type.Union([Type.String(), Type.Null()]),
    revision: Type.Integer(),
    submittedAt: DateTime,
    validationDueAt: NullableDateTime,
    decidedAt: NullableDateTime,
    history: Type.Array(FinanceEvent),
  },
  { $id: 'TaxProfile' },
);

const BankAccountBody = Type.Object(
  {
    country: Str(2, "ISO 3166 two-letter code: the tax profile's country of residence"),
    accountHolderName: Str(140),
    iban: Type.Optional(Str(42, 'IBAN countries')),
    routingNumber: Type.Optional(Str(9, 'United States and territories: the ABA routing number')),
    accountNumber: Type.Optional(Str(40, 'United States: 4 to 17 digits; SWIFT countries: the account number')),
    accountType: Type.Optional(Type.Union([Type.Literal('checking'), Type.Literal('savings')])),
    swiftBic: Type.Optional(Str(11, 'Countries without IBAN, but the US: the SWIFT/BIC code')),
  },
  { additionalProperties: false },
);

export const PayoutProfileBody = Type.Object(
  {
    payoutCurrency: Str(3, 'USD, EUR, AUD, BRL, CAD, CHF, DKK, GBP, INR, JPY, KRW, NOK, NZD, RUB, SEK or TWD'),
    bankAccount: Type.Optional(BankAccountBody),
  },
  { additionalProperties: false },
);

export const PayoutHoldBody = Type.Object({ holdPayment: Type.Boolean() }, { additionalProperties: false });

export const PayoutProfileSchema = Type.Object(
  {
    accountId: Type.String(),
    payoutCurrency: Type.String(),
    bankAccount: Type.Object({
      country: Type.String(),
      accountHolderName: Type.String(),
      scheme: Type.String({ description: 'IBAN, ABA or SWIFT' }),
      ibanMasked: Type.Union([Type.String(), Type.Null()]),
      routingNumber: Type.Union([Type.String(), Type.Null()]),
      accountNumberMasked: Type.Union([Type.String(), Type.Null()]),
      accountType: Type.Union([Type.String(), Type.Null()]),
      swiftBic: Type.Union([Type.String(), Type.Null()]),
    }),
    bankReference: Type.String(),
    status: Type.String({ description: 'Submitted, Verified, Reverifying or Rejected' }),
    statusReason: Type.Union([Type.String(), Type.Null()]),
    revision: Type.Integer(),
    bankSubmittedAt: DateTime,
    verificationDueAt: NullableDateTime,
    verifiedAt: NullableDateTime,
    holdPayment: Type.Boolean(),
    hold: Type.Object({
      currentPayoutMonth: Type.String(),
      currentPayoutHeld: Type.Boolean(),
      nextPayoutMonth: Type.String(),
      nextPayoutHeld: Type.Boolean(),
      nextCutOff: DateTime,
    }),
    holdHistory: Type.Array(Type.Object({ holdPayment: Type.Boolean(), changedAt: DateTime, changedBy: Type.String() })),
    history: Type.Array(FinanceEvent),
  },
  { $id: 'PayoutProfile' },
);

export const DecisionBody = Type.Object({ reason: Type.Optional(Str(1000)) }, { additionalProperties: false });

const Country = Type.Object({ code: Type.String(), name: Type.String() });
export const FinanceReferenceSchema = Type.Object({
  publisherCountries: Type.Array(
    Type.Object({
      code: Type.String(),
      name: Type.String(),
      bankScheme: Type.String({ description: 'IBAN, ABA or SWIFT: the bank details a bank account in the country takes' }),
      ibanPrefix: Type.Union([Type.String(), Type.Null()]),
      ibanLength: Type.Union([Type.Integer(), Type.Null()]),
    }),
  ),
  citizenshipCountries: Type.Array(Country),
  usStates: Type.Array(Type.String()),
  payoutCurrencies: Type.Array(Type.String()),
  maxTreatyRate: Type.Number(),
  defaultWithholdingRate: Type.Number(),
  validationDelayHours: Type.Number(),
});
