import { formatMoney, formatQuantity } from './money.js';

/**
 * How the metered usage anomalies page reads (GET/POST /api/accounts/:accountId/metering/anomalies…): its filters and
 * URLs, the statuses, the decision form's checks (exact decimals, as the server checks them), and the model's facts.
 */

export type AnomalyStatus = 'open' | 'expired' | 'anomaly' | 'notAnomaly';

export interface Anomaly {
  anomalyId: string;
  subscriptionId: string;
  offerId: string;
  planId: string;
  dimension: string;
  usageDate: string;
  reportedQuantity: number;
  expectedQuantity: number;
  upperBound: number;
  deviation: number | null;
  unitPrice: string | null;
  currency: string | null;
  estimatedExtendedCharge: string | null;
  estimatedFinancialImpact: string | null;
  estimatedImpactUsd: string | null;
  exchangeRate: { currency: string; rate: string; effectiveDate: string } | null;
  status: AnomalyStatus;
  detectedAt: string;
  actionExpiresAt: string;
  decision: null | {
    decision: 'anomaly' | 'notAnomaly';
    decidedAt: string;
    decidedBy: { kind: 'user' | 'app'; id: string };
    correctedQuantity: number | null;
    reason: string | null;
    adjustment: { adjustmentId: string; quantityDelta: number; createdAt: string } | null;
  };
  model: Record<string, unknown>;
}

type Tone = 'neutral' | 'good' | 'warn' | 'bad' | 'info';

export const STATUSES: Record<AnomalyStatus, { label: string; tone: Tone }> = {
  open: { label: 'Awaiting decision', tone: 'warn' },
  expired: { label: 'Expired', tone: 'neutral' },
  anomaly: { label: 'Marked as anomaly', tone: 'bad' },
  notAnomaly: { label: 'Not an anomaly', tone: 'good' },
};

const isStatus = (s: string | null): s is AnomalyStatus => s !== null && Object.hasOwn(STATUSES, s);

/** The page's "Estimated impact over" choice, in USD (the reference's filter). */
export const IMPACT_THRESHOLD_USD = 100;
export const PAGE_SIZE = 50;

export interface AnomalyFilters {
  status: AnomalyStatus | '';
  offerId: string;
  /** Only flags whose estimated impact is over 100 USD. */
  overThreshold: boolean;
  /** 1-based. */
  page: number;
  /** The flag whose decision dialog is open (a notification links here). */
  anomalyId: string;
}

export function filtersOf(search: URLSearchParams): AnomalyFilters {
  const status = search.get('status');
  const page = Number(search.get('page'));
  return {
    status: isStatus(status) ? status : '',
    offerId: (search.get('offerId') ?? '').trim().slice(0, 50),
    overThreshold: search.get('impact') === 'over100',
    page: Number.isInteger(page) && page >= 1 && page <= 10_000 ? page : 1,
    anomalyId: /^[0-9a-f-]{36}$/i.test(search.get('anomalyId') ?? '') ? search.get('anomalyId')!.toLowerCase() : '',
  };
}

export function pageHref(f: AnomalyFilters): string {
  const q = new URLSearchParams();
  if (f.status) q.set('status', f.status);
  if (f.offerId) q.set('offerId', f.offerId);
  if (f.overThreshold) q.set('impact', 'over100');
  if (f.page > 1) q.set('page', String(f.page));
  if (f.anomalyId) q.set('anomalyId', f.anomalyId);
  const s = q.toString();
  return `/partner/usage/anomalies${s ? `?${s}` : ''}`;
}

export function listUrl(accountId: string, f: AnomalyFilters, size = PAGE_SIZE): string {
  const q = new URLSearchParams({ top: String(size), skip: String((f.page - 1) * size) });
  if (f.status) q.set('status', f.status);
  if (f.offerId) q.set('offerId', f.offerId);
  if (f.overThreshold) q.set('impactOverUsd', String(IMPACT_THRESHOLD_USD));
  return `/api/accounts/${encodeURIComponent(accountId)}/metering/anomalies?${q.toString()}`;
}

export const anomalyUrl = (accountId: string, anomalyId: string): string => `/api/accounts/${encodeURIComponent(accountId)}/metering/anomalies/${encodeURIComponent(anomalyId)}`;

// ---- exact decimals ----

const DECIMAL = /^(\d+)(?:\.(\d+))?$/;

/** A non-negative number as decimal text without an exponent: 1e-7 → "0.0000001". */
export function decimalText(n: number): string {
  const s = String(n);
  return /e/i.test(s) ? n.toFixed(20).replace(/\.?0+$/, '') : s;
}

/** Compares two non-negative decimal strings exactly: -1, 0 or 1. */
export function compareDecimals(a: string, b: string): number {
  const [, ai = '0', af = ''] = DECIMAL.exec(a) ?? [];
  const [, bi = '0', bf = ''] = DECIMAL.exec(b) ?? [];
  const scale = Math.max(af.length, bf.length);
  const x = BigInt(ai + af.padEnd(scale, '0'));
  const y = BigInt(bi + bf.padEnd(scale, '0'));
  return x < y ? -1 : x > y ? 1 : 0;
}

// ---- the decision ----

export const MAX_REASON = 500;
export const MAX_QUANTITY_DECIMALS = 10;

export interface DecisionForm {
  decision: 'anomaly' | 'notAnomaly' | '';
  /** As typed. */
  correctedQuantity: string;
  reason: string;
}

export interface Problem {
  target: 'decision' | 'correctedQuantity' | 'reason';
  message: string;
}

/** What is wrong with the form, before sending it (the server says the same). */
export function decisionProblem(form: DecisionForm, reportedQuantity: number): Problem | undefined {
  const reason = form.reason.trim();
  if (reason.length > MAX_REASON) return { target: 'reason', message: `At most ${MAX_REASON} characters; this has ${reason.length}.` };
  if (form.decision === '') return { target: 'decision', message: 'Choose whether it is an anomaly.' };
  if (form.decision === 'notAnomaly') return reason ? undefined : { target: 'reason', message: 'Say why it is not an anomaly.' };
  const q = form.correctedQuantity.trim();
  if (q === '') return { target: 'correctedQuantity', message: 'Give the correct usage of the day.' };
  const m = DECIMAL.exec(q);
  if (!m) return { target: 'correctedQuantity', message: 'A number of 0 or more, e.g. 120 or 98.5.' };
  if ((m[2] ?? '').length > MAX_QUANTITY_DECIMALS) return { target: 'correctedQuantity', message: `At most ${MAX_QUANTITY_DECIMALS} decimals.` };
  if (compareDecimals(q, decimalText(reportedQuantity)) >= 0)
    return { target: 'correctedQuantity', message: `It must be lower than the reported ${formatQuantity(reportedQuantity)}: under-reported usage cannot be restated.` };
  return undefined;
}

/** The request body of a valid form. */
export function decisionBody(form: DecisionForm): { decision: 'anomaly' | 'notAnomaly'; correctedQuantity?: number; reason?: string } {
  const reason = form.reason.trim();
  if (form.decision === 'notAnomaly') return { decision: 'notAnomaly', reason };
  return { decision: 'anomaly', correctedQuantity: Number(form.correctedQuantity.trim()), ...(reason ? { reason } : {}) };
}

/** The credit a correction makes, in units: reported − corrected (exact), or undefined while the input is not valid. */
export function creditedUnits(form: DecisionForm, reportedQuantity: number): string | undefined {
  if (form.decision !== 'anomaly' || decisionProblem(form, reportedQuantity)) return undefined;
  const reported = decimalText(reportedQuantity);
  const corrected = form.correctedQuantity.trim();
  const [, ri = '0', rf = ''] = DECIMAL.exec(reported)!;
  const [, ci = '0', cf = ''] = DECIMAL.exec(corrected)!;
  const scale = Math.max(rf.length, cf.length);
  const diff = (BigInt(ri + rf.padEnd(scale, '0')) - BigInt(ci + cf.padEnd(scale, '0'))).toString().padStart(scale + 1, '0');
  const int = diff.slice(0, diff.length - scale);
  const frac = diff.slice(diff.length - scale).replace(/0+$/, '');
  return frac ? `${int}.${frac}` : int;
}

// ---- what the page shows ----

/** "$1,350.00" in the flag's currency, and the USD amount when the currency is another. */
export function impactText(a: Pick<Anomaly, 'estimatedFinancialImpact' | 'estimatedImpactUsd' | 'currency'>, locale?: string): { amount: string; usd?: string } | undefined {
  if (a.estimatedFinancialImpact === null || a.currency === null) return undefined;
  const amount = formatMoney(a.estimatedFinancialImpact, a.currency, locale);
  if (a.currency === 'USD' || a.estimatedImpactUsd === null) return { amount };
  return { amount, usd: formatMoney(a.estimatedImpactUsd, 'USD', locale) };
}

const DAY_MS = 86_400_000;

/** "12 days left", "1 day left", "less than a day left", or "closed". */
export function timeLeft(actionExpiresAt: string, now: number): string {
  const ms = Date.parse(actionExpiresAt) - now;
  if (!(ms > 0)) return 'closed';
  const days = Math.floor(ms / DAY_MS);
  return days === 0 ? 'less than a day left' : `${days} day${days === 1 ? '' : 's'} left`;
}

/** The model's explanation of a flag (ADR 0014), as label and value pairs. */
export function modelFacts(model: Record<string, unknown>): [string, string][] {
  const facts: [string, string][] = [];
  const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
  const history = num(model.historyDays);
  if (history !== undefined) facts.push(['History', `${history} day${history === 1 ? '' : 's'} with usage`]);
  if (typeof model.seasonal === 'boolean') {
    const factor = num(model.weekdayFactor);
    facts.push(['Weekly pattern', model.seasonal ? `yes${factor !== undefined ? `: this weekday × ${Number(factor.toPrecision(3))}` : ''}` : 'no']);
  }
  const trend = num(model.trendPerDay);
  if (trend !== undefined) facts.push(['Trend', trend > 0 ? `+${Number(trend.toPrecision(3))} a day` : 'none']);
  return facts;
}
