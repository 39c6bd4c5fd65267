import { Type, type Static } from 'typebox';
import { Dec } from '../../platform/money.js';
import { marketByCode } from './reference/index.js';
import { issue, type Issue, type PlanShape } from './offer-type.js';

const PriceUsd = Type.String({ pattern: '^\\d{1,7}(\\.\\d{1,2})?$', description: 'USD, up to 2 decimals, e.g. "49.00".' });
const Included = Type.Union([Type.Integer({ minimum: 0, maximum: 1_000_000_000 }), Type.Literal('unlimited')]);

/** Plan listing tab: the name and description customers see. */
export const PlanListingSchema = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 50 }),
    description: Type.Optional(Type.String({ maxLength: 500 })),
  },
  { additionalProperties: false },
);

/** Pricing and availability tab: markets, pricing, the free trial and visibility. */
export const PlanPricingSchema = Type.Object(
  {
    markets: Type.Array(Type.String({ minLength: 2, maxLength: 2 }), { maxItems: 142 }),
    pricing: Type.Optional(
      Type.Object(
        {
          model: Type.Union([Type.Literal('flatRate'), Type.Literal('perUser')]),
          billingTerms: Type.Array(
            Type.Object(
              {
                term: Type.Union([Type.Literal('P1M'), Type.Literal('P1Y')]),
                priceUsd: PriceUsd,
                paymentOption: Type.Optional(Type.Union([Type.Literal('upfront'), Type.Literal('monthly')], { description: 'P1Y only: pay the year upfront (default) or in monthly instalments.' })),
              },
              { additionalProperties: false },
            ),
            { maxItems: 2 },
          ),
          userLimits: Type.Optional(
            Type.Object({ min: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000 })), max: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000 })) }, { additionalProperties: false }),
          ),
          dimensions: Type.Array(
            Type.Object(
              {
                id: Type.String({ pattern: '^[A-Za-z0-9_.-]{1,50}$' }),
                displayName: Type.String({ minLength: 1, maxLength: 50 }),
                unitOfMeasure: Type.String({ minLength: 1, maxLength: 50 }),
                priceUsd: Type.String({ pattern: '^\\d{1,7}(\\.\\d{1,6})?$', description: 'USD per unit, up to 6 decimals.' }),
                included: Type.Object({ P1M: Type.Optional(Included), P1Y: Type.Optional(Included) }, { additionalProperties: false }),
              },
              { additionalProperties: false },
            ),
            { maxItems: 30 },
          ),
        },
        { additionalProperties: false },
      ),
    ),
    freeTrial: Type.Boolean({ description: 'A one-month free trial; not with metered dimensions.' }),
    visibility: Type.Union([Type.Literal('public'), Type.Literal('private')]),
  },
  { additionalProperties: false },
);

export type PlanListing = Static<typeof PlanListingSchema>;
export type PlanPricing = Static<typeof PlanPricingSchema>;
export type PlanDraft = PlanListing & PlanPricing;
export const PLAN_SECTIONS = { listing: PlanListingSchema, pricingAndAvailability: PlanPricingSchema } as const;
export type PlanSection = keyof typeof PLAN_SECTIONS;


export const SAAS_PLAN_SHAPE: PlanShape = {
  maxPlans: 100,
  maxPrivatePlans: 45,
  pricingModels: ['flatRate', 'perUser'],
  billingTerms: ['P1M', 'P1Y'],
  maxDimensionsPerPlan: 30,
  trialDurations: ['P1M'],
  audienceKind: 'tenantId',
  maxAudienceManual: 10,
  maxAudienceCsv: 20_000,
  sections: { listing: PlanListingSchema, pricingAndAvailability: PlanPricingSchema },
};

export interface PlanContext {
  shape: PlanShape;
  /** The other plans of the offer (drafts), to check names and the shared pricing model. */
  siblings: { planId: string; draft: PlanDraft }[];
}

/** Rules that refuse saving a plan. */
export function validatePlan(draft: PlanDraft, ctx: PlanContext): Issue[] {
  const out: Issue[] = [];
  const { shape } = ctx;
  const name = draft.name.trim().toLowerCase();
  if (ctx.siblings.some((s) => s.draft.name.trim().toLowerCase() === name)) out.push(issue('name', 'Duplicate', `Another plan of this offer is named "${draft.name}"; plan names are unique within an offer.`));
  const seen = new Set<string>();
  draft.markets.forEach((code, i) => {
    const market = marketByCode(code);
    if (!market || market.restriction) out.push(issue(`markets.${i}`, 'UnknownMarket', `"${code}" is not a market this offer type can be sold in.`));
    if (seen.has(code.toUpperCase())) out.push(issue(`markets.${i}`, 'Duplicate', `The market ${code} appears more than once.`));
    seen.add(code.toUpperCase());
  });
  const p = draft.pricing;
  if (p) {
    if (!shape.pricingModels.includes(p.model)) out.push(issue('pricing.model', 'PricingModelUnsupported', `This offer type's plans are priced ${shape.pricingModels.join(' or ')}.`));
    const other = ctx.siblings.find((s) => s.draft.pricing && s.draft.pricing.model !== p.model);
    if (other)
      out.push(issue('pricing.model', 'PricingModelMismatch', `Every plan of an offer uses one pricing model: plan "${other.planId}" is ${other.draft.pricing!.model}, so this one must be too (L16531-16535).`));
    const terms = new Set<string>();
    p.billingTerms.forEach((t, i) => {
      if (terms.has(t.term)) out.push(issue(`pricing.billingTerms.${i}.term`, 'Duplicate', `The billing term ${t.term} appears more than once.`));
      terms.add(t.term);
      if (t.paymentOption !== undefined && t.term !== 'P1Y') out.push(issue(`pricing.billingTerms.${i}.paymentOption`, 'NotAllowed', 'A payment option applies to the annual term only.'));
    });
    if (p.userLimits && p.model !== 'perUser') out.push(issue('pricing.userLimits', 'NotAllowed', 'User limits apply to per-user pricing only.'));
    if (p.userLimits?.min !== undefined && p.userLimits.max !== undefined && p.userLimits.min > p.userLimits.max)
      out.push(issue('pricing.userLimits', 'RangeInvalid', `The minimum number of users (${p.userLimits.min}) is above the maximum (${p.userLimits.max}).`));
    if (p.dimensions.length > 0 && p.model !== 'flatRate') out.push(issue('pricing.dimensions', 'NotAllowed', 'Metered dimensions are available on flat-rate plans only (L16544).'));
    if (p.dimensions.length > shape.maxDimensionsPerPlan) out.push(issue('pricing.dimensions', 'MaxItems', `A plan has at most ${shape.maxDimensionsPerPlan} metered dimensions.`));
    const ids = new Set<string>();
    p.dimensions.forEach((d, i) => {
      if (ids.has(d.id)) out.push(issue(`pricing.dimensions.${i}.id`, 'Duplicate', `The dimension id "${d.id}" appears more than once.`));
      ids.add(d.id);
      for (const term of Object.keys(d.included))
        if (!terms.has(term)) out.push(issue(`pricing.dimensions.${i}.included.${term}`, 'TermNotOffered', `The plan has no ${term} billing term, so no quantity is included for it.`));
      if (new Dec(d.priceUsd).lte(0)) out.push(issue(`pricing.dimensions.${i}.priceUsd`, 'Minimum', 'A dimension costs more than 0 per unit.'));
    });
    if (draft.freeTrial && p.dimensions.length > 0) out.push(issue('freeTrial', 'NotAllowed', 'A free trial is not available on plans with metered dimensions (L16579-16587).'));
  }
  if (draft.freeTrial && shape.trialDurations.length === 0) out.push(issue('freeTrial', 'NotAllowed', 'This offer type has no free trials.'));
  return out;
}

/** What a plan needs before it can be published: the reasons its tabs are Incomplete. */
export function missingInPlan(draft: PlanDraft, audienceSize: number): Issue[] {
  const out: Issue[] = [];
  if (!draft.description?.trim()) out.push(issue('description', 'Required', 'The plan description is required.'));
  if (draft.markets.length === 0) out.push(issue('markets', 'Required', 'Choose at least one market.'));
  if (!draft.pricing) out.push(issue('pricing', 'Required', 'Choose a pricing model and set prices.'));
  else if (draft.pricing.billingTerms.length === 0) out.push(issue('pricing.billingTerms', 'Required', 'Set a monthly price, an annual price, or both.'));
  if (draft.visibility === 'private' && audienceSize === 0) out.push(issue('audience', 'Required', 'A private plan needs at least one tenant id in its audience.'));
  return out;
}

/**
 * Changes refused once published: the pricing model (once the offer is published), and for a published plan: its
 * billing terms cannot be removed, its prices, dimension prices and included quantities cannot change, a free trial
 * cannot be turned off, and a public plan cannot become private. Dimension ids, names and units are locked once the
 * offer is published.
 */
export function planLocks(draft: PlanDraft, published: PlanDraft | undefined, offerPublishedModel: string | undefined): Issue[] {
  const out: Issue[] = [];
  if (offerPublishedModel && draft.pricing && draft.pricing.model !== offerPublishedModel)
    out.push(issue('pricing.model', 'Locked', `The offer was published with ${offerPublishedModel} pricing; the pricing model cannot change after publishing.`));
  if (!published) return out;
  const before = published.pricing;
  const after = draft.pricing;
  if (before) {
    for (const t of before.billingTerms) {
      const now = after?.billingTerms.find((x) => x.term === t.term);
      if (!now) out.push(issue('pricing.billingTerms', 'Locked', `The published ${t.term} billing term cannot be removed.`));
      else if (!new Dec(now.priceUsd).eq(t.priceUsd)) out.push(issue('pricing.billingTerms', 'Locked', `The published ${t.term} price (${t.priceUsd} USD) cannot change; stop distribution of the plan and create a new one.`));
    }
    for (const d of before.dimensions) {
      const now = after?.dimensions.find((x) => x.id === d.id);
      if (!now) {
        out.push(issue('pricing.dimensions', 'Locked', `The published dimension "${d.id}" cannot be removed.`));
        continue;
      }
      if (now.displayName !== d.displayName || now.unitOfMeasure !== d.unitOfMeasure)
        out.push(issue('pricing.dimensions', 'Locked', `The published dimension "${d.id}" keeps its name and unit of measure.`));
      if (!new Dec(now.priceUsd).eq(d.priceUsd) || JSON.stringify(now.included) !== JSON.stringify(d.included))
        out.push(issue('pricing.dimensions', 'Locked', `The published dimension "${d.id}" keeps its price and included quantities.`));
    }
  }
  if (published.freeTrial && !draft.freeTrial) out.push(issue('freeTrial', 'Locked', 'A free trial cannot be turned off once the plan is published (L16585).'));
  if (published.visibility === 'public' && draft.visibility === 'private') out.push(issue('visibility', 'Locked', 'A published public plan can never become private (L16593-16595).'));
  return out;
}
