import type { Executor } from '../../platform/db/index.js';
import { fail, ok, type Result } from '../../platform/errors.js';
import { Dec } from '../../platform/money.js';
import type { OfferRow, PlanRow } from './catalog.tables.js';
import { businessDate, convertUsd, formatPrice, formatRate, priceDigits, type PriceKind } from './fx.service.js';
import { ratesInForce } from './fx.store.js';
import { bumpVersion, findOffer, plansOf } from './offer.store.js';
import { publishedDocument, validationFailed, versionProblem } from './offer.service.js';
import { issue, type Issue } from './offer-type.js';
import { offerType } from './offer-types/index.js';
import type { PlanDraft } from './plan.shape.js';
import { buildWorkbook, cellRef, readPriceFile, type ParsedSheet, type PriceColumn, type SheetLine } from './pricing.sheet.js';
import { deletePrices, offerByUid, planByUid, pricesOf, upsertPrices } from './pricing.store.js';
import type { BillingTerm, PriceRow, PriceSource, RateRow } from './pricing.tables.js';
import { MARKETS, marketByCode, type Market } from './reference/index.js';

/**
 * Per-market prices of a plan (spec/01 §1.15-1.16, §4.5; spec/06 §1.7 customMarketPrices, rule 22; spec/08 §2.6, §4.4).
 *
 * A plan has one price row per market, billing term and price: the base price (per month or year, per user for
 * per-user plans) and, for each metered dimension, its price per unit — per billing term, so that a publisher may set a
 * market's unit price differently for monthly and annual subscriptions.
 * - `converted`: the plan's USD price × the rate in force on the save date (fx.service.ts has the rounding rules).
 *   Saving pricing and "recompute" convert again at the current rate; a rate set for a later day changes nothing
 *   until then.
 * - `override`: a price the publisher imported (exportedPrice.xlsx or CSV). Overrides survive recomputes — also a
 *   change of the USD price — while their market, term and dimension stay in the plan; an import with the converted
 *   price clears the override. Rows of markets, terms or dimensions removed from the plan are deleted.
 * - Locked: once a plan is published, the prices of the markets, terms and dimensions of its published version can't
 *   change (L2524; spec/08 §2.6 #3). Recomputes keep them (and the recompute route answers 409 `Locked` when every
 *   price of the plan is a published one: it could change nothing); imports that change them are refused with 409
 *   `Locked`. Markets (and terms) added after publishing are priced as usual. A published price that was never stored (a plan
 *   published before its prices were computed) is the conversion at the rate in force on the plan's publish date, so
 *   it too never moves.
 */

export interface PlanPrice {
  /** ISO 3166 alpha-2. */
  market: string;
  marketName: string;
  /** The market's transaction currency. */
  currency: string;
  term: BillingTerm;
  /** null: the plan's base price; otherwise the metered dimension whose price per unit this is. */
  dimensionId: string | null;
  /** The price in the market's currency (decimal string). */
  amount: string;
  /** The plan's USD price it comes from. */
  usdAmount: string;
  source: PriceSource;
  /** The rate of the conversion (for an override: the conversion it replaces), and the day that rate took effect. */
  fxRate: string | null;
  fxDate: string | null;
  /** Part of the published version of the plan: can't change. */
  locked: boolean;
  /** When the stored price last changed; null when it is not stored yet (computed for display). */
  setAt: string | null;
}

export interface PlanPrices {
  offerVersion: number;
  planId: string;
  prices: PlanPrice[];
}

const TERMS: readonly BillingTerm[] = ['P1M', 'P1Y'];
const MARKET_ORDER = new Map(MARKETS.map((m, i) => [m.code, i]));
const keyOf = (market: string, term: string, dimensionId: string) => `${market}|${term}|${dimensionId}`;

interface Entry {
  key: string;
  market: Market;
  term: BillingTerm;
  /** '' for the base price. */
  dimensionId: string;
  kind: PriceKind;
  usd: string;
  stored: PriceRow | undefined;
  locked: boolean;
}

/** The prices a draft has: every market × billing term, base price and each dimension; sorted as the sheet lists them. */
function pricePoints(draft: PlanDraft): Omit<Entry, 'stored' | 'locked'>[] {
  const p = draft.pricing;
  if (!p) return [];
  const markets = draft.markets
    .map((code) => marketByCode(code))
    .filter((m): m is Market => m !== undefined && m.restriction === undefined)
    .sort((a, b) => MARKET_ORDER.get(a.code)! - MARKET_ORDER.get(b.code)!);
  const terms = [...p.billingTerms].sort((a, b) => TERMS.indexOf(a.term) - TERMS.indexOf(b.term));
  const out: Omit<Entry, 'stored' | 'locked'>[] = [];
  for (const market of markets)
    for (const t of terms) {
      out.push({ key: keyOf(market.code, t.term, ''), market, term: t.term, dimensionId: '', kind: 'base', usd: t.priceUsd });
      for (const d of p.dimensions) out.push({ key: keyOf(market.code, t.term, d.id), market, term: t.term, dimensionId: d.id, kind: 'unit', usd: d.priceUsd });
    }
  return out;
}

interface Context {
  offer: OfferRow;
  plan: PlanRow;
  draft: PlanDraft;
  now: Date;
}

async function entriesOf(x: Executor, ctx: Pick<Context, 'offer' | 'plan' | 'draft'>): Promise<{ entries: Entry[]; stale: PriceRow[] }> {
  const stored = new Map((await pricesOf(x, ctx.plan.plan_uid)).map((r) => [keyOf(r.market, r.term, r.dimension_id), r]));
  let locked = new Set<string>();
  if (ctx.plan.first_published_at) {
    const published = (await publishedDocument(x, ctx.offer))?.plans.find((p) => p.planId === ctx.plan.plan_id)?.draft;
    if (published) locked = new Set(pricePoints(published).map((e) => e.key));
  }
  const entries = pricePoints(ctx.draft).map((e) => {
    const row = stored.get(e.key);
    return { ...e, stored: row && row.currency === e.market.currency ? row : undefined, locked: locked.has(e.key) };
  });
  const keep = new Set(entries.map((e) => e.key));
  return { entries, stale: [...stored.entries()].filter(([k]) => !keep.has(k)).map(([, r]) => r) };
}

const sameRate = (a: string | null, b: string | null) => (a === null || b === null ? a === b : new Dec(a).eq(b));
const sameRow = (a: PriceRow, b: PriceRow) =>
  a.currency === b.currency && new Dec(a.amount).eq(b.amount) && a.source === b.source && sameRate(a.fx_rate, b.fx_rate) && a.fx_date === b.fx_date;

/**
 * What each price becomes. `reconvert`: converted prices are converted again at the rate in force today (saving
 * pricing, recompute); `keep`: stored conversions stay at their rate, prices not stored yet are converted today
 * (display, export, import). `imported`: the prices of an import, by key. Locked prices never change.
 */
async function targetsOf(
  x: Executor,
  ctx: Context,
  entries: readonly Entry[],
  mode: 'reconvert' | 'keep',
  imported: Map<string, Dec> = new Map(),
): Promise<Result<{ entry: Entry; row: PriceRow; changed: boolean }[]>> {
  const today = businessDate(ctx.now);
  const publishDay = ctx.plan.first_published_at ? businessDate(ctx.plan.first_published_at) : today;
  const currencies = [...new Set(entries.map((e) => e.market.currency))];
  const rates = new Map<string, Map<string, RateRow>>();
  for (const day of new Set([today, publishDay])) rates.set(day, await ratesInForce(x, currencies, day));
  const missing = new Set<string>();

  const out: { entry: Entry; row: PriceRow; changed: boolean }[] = [];
  for (const entry of entries) {
    const { stored } = entry;
    if (entry.locked && stored) {
      out.push({ entry, row: stored, changed: false });
      continue;
    }
    const currency = entry.market.currency;
    let ref: { amount: Dec; rate: string; date: string } | undefined;
    if (mode === 'keep' && !entry.locked && stored?.fx_rate && stored.fx_date) {
      ref = { amount: convertUsd(entry.usd, stored.fx_rate, currency, entry.kind), rate: stored.fx_rate, date: stored.fx_date };
    } else {
      const day = entry.locked ? publishDay : today;
      const rate = rates.get(day)!.get(currency);
      if (!rate) {
        missing.add(`${currency} on ${day}`);
        continue;
      }
      ref = { amount: convertUsd(entry.usd, rate.rate, currency, entry.kind), rate: rate.rate, date: rate.effective_date };
    }
    const wanted = imported.get(entry.key);
    const override = wanted !== undefined ? (wanted.eq(ref.amount) ? undefined : wanted) : stored?.source === 'override' ? new Dec(stored.amount) : undefined;
    const row: PriceRow = {
      plan_uid: ctx.plan.plan_uid,
      market: entry.market.code,
      term: entry.term,
      dimension_id: entry.dimensionId,
      currency,
      amount: (override ?? ref.amount).toFixed(6),
      source: override ? 'override' : 'converted',
      fx_rate: ref.rate,
      fx_date: ref.date,
      set_at: ctx.now,
    };
    if (stored && sameRow(stored, row)) out.push({ entry, row: stored, changed: false });
    else out.push({ entry, row, changed: true });
  }
  if (missing.size) return fail('Conflict', `No exchange rate is in force for ${[...missing].join(', ')}; an operator sets one (PUT /api/admin/exchange-rates/{date}).`);
  return ok(out);
}

function view(entry: Entry, row: PriceRow, stored: boolean): PlanPrice {
  const currency = entry.market.currency;
  return {
    market: entry.market.code,
    marketName: entry.market.name,
    currency,
    term: entry.term,
    dimensionId: entry.dimensionId === '' ? null : entry.dimensionId,
    amount: formatPrice(row.amount, currency, entry.kind),
    usdAmount: formatPrice(entry.usd, 'USD', entry.kind),
    source: row.source,
    fxRate: row.fx_rate === null ? null : formatRate(row.fx_rate),
    fxDate: row.fx_date,
    locked: entry.locked,
    setAt: stored ? row.set_at.toISOString() : null,
  };
}

/** Computes and stores the targets; deletes prices the plan no longer has. Returns the plan's prices. */
async function apply(x: Executor, ctx: Context, mode: 'reconvert' | 'keep', imported?: Map<string, Dec>): Promise<Result<PlanPrice[]>> {
  const { entries, stale } = await entriesOf(x, ctx);
  const targets = await targetsOf(x, ctx, entries, mode, imported);
  if (!targets.ok) return targets;
  await deletePrices(x, ctx.plan.plan_uid, stale);
  await upsertPrices(x, targets.value.filter((t) => t.changed).map((t) => t.row));
  return ok(targets.value.map((t) => view(t.entry, t.row, true)));
}

/**
 * Converts a plan's USD prices into its markets' currencies at the rates in force on `now`'s day and stores them:
 * overrides and published prices stay, prices of removed markets, terms and dimensions go. Call it in the
 * transaction that saves the plan's pricing (the draft as saved).
 */
export async function recomputePlanPrices(x: Executor, planUid: string, draft: PlanDraft, now: Date): Promise<Result<PlanPrice[]>> {
  const plan = await planByUid(x, planUid);
  if (!plan) return fail('NotFound', 'No such plan.');
  const offer = await offerByUid(x, plan.offer_uid);
  if (!offer) return fail('NotFound', 'No such offer.');
  return apply(x, { offer, plan: { ...plan, draft: draft as unknown as Record<string, unknown> }, draft, now }, 'reconvert');
}

/** The plan's stored prices, for the markets, terms and dimensions its draft has. */
export async function getPlanPrices(x: Executor, planUid: string): Promise<PlanPrice[]> {
  const plan = await planByUid(x, planUid);
  const offer = plan && (await offerByUid(x, plan.offer_uid));
  if (!plan || !offer) return [];
  const { entries } = await entriesOf(x, { offer, plan, draft: plan.draft as unknown as PlanDraft });
  return entries.flatMap((e) => (e.stored ? [view(e, e.stored, true)] : []));
}

async function planContext(x: Executor, now: Date, accountId: string, offerId: string, planId: string, forUpdate: boolean): Promise<Result<Context>> {
  const offer = await findOffer(x, accountId, offerId, forUpdate);
  if (!offer) return fail('NotFound', `No offer "${offerId}" in this account.`);
  if (!offerType(offer.offer_type)?.plans) return fail('Conflict', `A ${offer.offer_type} offer has no plans.`);
  const plan = (await plansOf(x, offer.offer_uid)).find((p) => p.plan_id === planId);
  if (!plan) return fail('NotFound', `No plan "${planId}" in offer "${offerId}".`);
  return ok({ offer, plan, draft: plan.draft as unknown as PlanDraft, now });
}

function pricingSaved(draft: PlanDraft): Result<true> {
  if (!draft.pricing || draft.pricing.billingTerms.length === 0 || draft.markets.length === 0)
    return fail('Conflict', "Save the plan's markets and prices (Pricing and availability) first: market prices come from them.", { target: 'pricingAndAvailability' });
  return ok(true);
}

/** The plan's prices as they stand: stored prices, and conversions at today's rates for prices not stored yet. */
export async function listPlanPrices(x: Executor, now: Date, accountId: string, offerId: string, planId: string): Promise<Result<PlanPrices>> {
  const found = await planContext(x, now, accountId, offerId, planId, false);
  if (!found.ok) return found;
  const ctx = found.value;
  const { entries } = await entriesOf(x, ctx);
  const targets = await targetsOf(x, ctx, entries, 'keep');
  if (!targets.ok) return targets;
  return ok({ offerVersion: ctx.offer.version, planId, prices: targets.value.map((t) => view(t.entry, t.row, !t.changed && t.entry.stored !== undefined)) });
}

/** "Recompute": converts the plan's USD prices again at the rates in force today (If-Match; published prices stay). */
export async function recomputePrices(x: Executor, now: Date, accountId: string, offerId: string, planId: string, ifMatch: string | undefined): Promise<Result<PlanPrices>> {
  const found = await planContext(x, now, accountId, offerId, planId, true);
  if (!found.ok) return found;
  const ctx = found.value;
  const version = versionProblem(ifMatch, ctx.offer.version);
  if (version) return { ok: false, error: version };
  const saved = pricingSaved(ctx.draft);
  if (!saved.ok) return saved;
  const { entries } = await entriesOf(x, ctx);
  if (ctx.plan.first_published_at && entries.every((e) => e.locked))
    return fail('Locked', 'Every market price of this plan was published, and a published market price can\'t change (stop distribution of the plan and create a new one); markets added later are priced when saved.', {
      target: 'prices',
    });
  const prices = await apply(x, ctx, 'reconvert');
  if (!prices.ok) return prices;
  const next = await bumpVersion(x, ctx.offer.offer_uid, ctx.offer.version, now);
  return ok({ offerVersion: next ?? ctx.offer.version + 1, planId, prices: prices.value });
}

/** exportedPrice.xlsx: the plan's prices as listed by `listPlanPrices` (needs saved pricing, as "Export" does). */
export async function exportPrices(x: Executor, now: Date, accountId: string, offerId: string, planId: string): Promise<Result<{ offerVersion: number; file: Buffer }>> {
  const found = await planContext(x, now, accountId, offerId, planId, false);
  if (!found.ok) return found;
  const saved = pricingSaved(found.value.draft);
  if (!saved.ok) return saved;
  const listed = await listPlanPrices(x, now, accountId, offerId, planId);
  if (!listed.ok) return listed;
  const lines: SheetLine[] = listed.value.prices.map((p) => ({
    marketName: p.marketName,
    market: p.market,
    currency: p.currency,
    term: p.term,
    dimension: p.dimensionId ?? '',
    price: p.amount,
    usdPrice: p.usdAmount,
    rate: p.fxRate,
    source: p.source,
    kind: p.dimensionId === null ? 'base' : 'unit',
  }));
  return ok({ offerVersion: listed.value.offerVersion, file: await buildWorkbook(lines, `${offerId} / ${planId} prices`) });
}

/** Reads an uploaded .xlsx or .csv (before the transaction: parsing a workbook is work no lock needs to wait for). */
export async function readPriceUpload(file: Buffer): Promise<Result<ParsedSheet>> {
  const read = await readPriceFile(file);
  return read.ok ? ok(read.sheet) : validationFailed(read.issues);
}

const PRICE_TEXT = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;

/** Every problem of every row of an import, against the plan's draft and its current prices. */
function importIssues(sheet: ParsedSheet, draft: PlanDraft, entries: readonly Entry[], current: ReadonlyMap<string, Dec>): { issues: Issue[]; imported: Map<string, Dec> } {
  const issues: Issue[] = [];
  const imported = new Map<string, Dec>();
  const firstRow = new Map<string, number>();
  const byKey = new Map(entries.map((e) => [e.key, e]));
  const planMarkets = new Set(draft.markets.map((m) => m.toUpperCase()));
  const planTerms = new Set(draft.pricing!.billingTerms.map((t) => t.term as string));
  const dimensions = new Set(draft.pricing!.dimensions.map((d) => d.id));
  for (const r of sheet.rows) {
    const at = (col: PriceColumn, code: string, message: string) =>
      issues.push(issue(`rows.${r.row}.${col}`, code, `Row ${r.row}, ${col} (${cellRef(sheet.columns.get(col), r.row)}): ${message}`));
    let keyOk = true;
    const code = r.market.toUpperCase();
    const market = code ? marketByCode(code) : undefined;
    if (!code) {
      at('Market code', 'Required', 'the market code is missing.');
      keyOk = false;
    } else if (!market || market.restriction) {
      at('Market code', 'UnknownMarket', `"${r.market}" is not a market offers can be sold in.`);
      keyOk = false;
    } else if (!planMarkets.has(code)) {
      at('Market code', 'MarketNotInPlan', `${market.name} (${code}) is not one of the plan's markets (${[...planMarkets].join(', ')}).`);
      keyOk = false;
    }

    const term = r.term.toUpperCase();
    if (!term) {
      at('Billing term', 'Required', 'the billing term (P1M or P1Y) is missing.');
      keyOk = false;
    } else if (term !== 'P1M' && term !== 'P1Y') {
      at('Billing term', 'UnknownTerm', `"${r.term}" is not a billing term: P1M (monthly) or P1Y (annual).`);
      keyOk = false;
    } else if (!planTerms.has(term)) {
      at('Billing term', 'TermNotOffered', `the plan has no ${term} billing term.`);
      keyOk = false;
    }

    if (r.dimension && !dimensions.has(r.dimension)) {
      at('Dimension', 'UnknownDimension', `the plan has no metered dimension "${r.dimension}" (leave the cell blank for the base price).`);
      keyOk = false;
    }
    const kind: PriceKind = r.dimension ? 'unit' : 'base';

    const currency = r.currency.toUpperCase();
    if (!currency) at('Currency', 'Required', 'the currency is missing.');
    else if (market && !market.restriction && currency !== market.currency) at('Currency', 'CurrencyMismatch', `${market.name} (${market.code}) is priced in ${market.currency}, not ${r.currency}.`);

    const priceCurrency = market && !market.restriction ? market.currency : /^[A-Z]{3}$/.test(currency) ? currency : 'USD';
    let amount: Dec | undefined;
    if (!r.price) at('Price', 'Required', 'the price is missing.');
    else if (!PRICE_TEXT.test(r.price)) at('Price', 'NotANumber', `"${r.price}" is not a decimal number (use "." for the decimal point, no thousands separators or currency signs).`);
    else {
      const value = new Dec(r.price);
      const digits = priceDigits(priceCurrency, kind);
      if (value.isNegative() && !value.isZero()) at('Price', 'Minimum', `the price ${r.price} is negative; prices are 0 or more.`);
      else if (kind === 'unit' && value.isZero()) at('Price', 'Minimum', 'a price per unit is more than 0.');
      else if (value.decimalPlaces() > digits)
        at('Price', 'TooManyDecimals', `${r.price} has ${value.decimalPlaces()} decimals; ${kind === 'base' ? `${priceCurrency} prices have at most ${digits}` : `prices per unit have at most ${digits}`}.`);
      else if (value.abs().gte(1e14)) at('Price', 'Maximum', `${r.price} is too large.`);
      else amount = value.abs();
    }

    if (!keyOk) continue;
    const key = keyOf(code, term, r.dimension);
    const first = firstRow.get(key);
    if (first !== undefined) {
      at('Market code', 'Duplicate', `row ${first} already prices ${code}, ${term}${r.dimension ? `, ${r.dimension}` : ''}.`);
      continue;
    }
    firstRow.set(key, r.row);
    const entry = byKey.get(key);
    if (amount === undefined || !entry) continue;
    const published = entry.locked ? current.get(key) : undefined;
    if (published && !published.eq(amount)) {
      at('Price', 'Locked', `the published ${code} ${term}${r.dimension ? ` ${r.dimension}` : ''} price (${formatPrice(published, entry.market.currency, kind)} ${entry.market.currency}) can't change.`);
      continue;
    }
    imported.set(key, amount);
  }
  return { issues, imported };
}

/**
 * "Import pricing data": validates every row of the sheet (all problems listed, nothing written on any), then stores
 * an override where a price differs from the converted one and clears overrides equal to it. Prices not in the sheet
 * stay as they are.
 */
export async function importPrices(
  x: Executor,
  now: Date,
  accountId: string,
  offerId: string,
  planId: string,
  sheet: ParsedSheet,
  ifMatch: string | undefined,
): Promise<Result<PlanPrices>> {
  const found = await planContext(x, now, accountId, offerId, planId, true);
  if (!found.ok) return found;
  const ctx = found.value;
  const version = versionProblem(ifMatch, ctx.offer.version);
  if (version) return { ok: false, error: version };
  const saved = pricingSaved(ctx.draft);
  if (!saved.ok) return saved;
  const { entries } = await entriesOf(x, ctx);
  const before = await targetsOf(x, ctx, entries, 'keep');
  if (!before.ok) return before;
  const current = new Map(before.value.map((t) => [t.entry.key, new Dec(t.row.amount)]));
  const { issues, imported } = importIssues(sheet, ctx.draft, entries, current);
  if (issues.length) return validationFailed(issues);
  const prices = await apply(x, ctx, 'keep', imported);
  if (!prices.ok) return prices;
  const next = await bumpVersion(x, ctx.offer.offer_uid, ctx.offer.version, now);
  return ok({ offerVersion: next ?? ctx.offer.version + 1, planId, prices: prices.value });
}
