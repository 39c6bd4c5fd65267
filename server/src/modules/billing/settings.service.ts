import type { Executor } from '../../platform/db/index.js';
import { fail, ok, type Result } from '../../platform/errors.js';
import { Dec } from '../../platform/money.js';
import type { TaxCollector } from './billing.tables.js';
import { deleteTaxRate, feeRates, taxRates, upsertFeeRate, upsertTaxRate, type FeeRate, type TaxRate } from './settings.store.js';

/**
 * The operator's billing settings: the store service fee and tax rates, each versioned by the day it takes effect.
 * A new rate never changes an issued invoice: invoice lines and earnings keep the rate they were computed with.
 */

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const RATE = /^(0(\.\d{1,6})?|\.\d{1,6})$/;

function isDate(value: string): boolean {
  const m = DATE.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]) && Number(m[1]) >= 2000;
}

/** A rate is a decimal fraction in [0, 1) with at most 6 decimals ("0.03" is 3%). */
export function parseRate(value: string): Dec | undefined {
  return RATE.test(value) ? new Dec(value) : undefined;
}

export interface FeeRateView {
  effectiveFrom: string;
  rate: string;
  setAt: string;
  setBy: string;
}

const feeView = (r: FeeRate): FeeRateView => ({ effectiveFrom: r.effectiveFrom, rate: new Dec(r.rate).toFixed(), setAt: r.createdAt.toISOString(), setBy: r.createdBy });

export async function listFeeRates(x: Executor): Promise<FeeRateView[]> {
  return (await feeRates(x)).map(feeView);
}

export async function setFeeRate(x: Executor, input: { effectiveFrom: string; rate: string }, by: string, at: Date): Promise<Result<FeeRateView[]>> {
  if (!isDate(input.effectiveFrom)) return fail('ValidationFailed', 'effectiveFrom is a day (YYYY-MM-DD) from 2000 on.', { target: 'effectiveFrom' });
  const rate = parseRate(input.rate);
  if (!rate) return fail('ValidationFailed', 'rate is a decimal fraction from 0 to below 1 with at most 6 decimals (0.03 is 3%).', { target: 'rate' });
  await upsertFeeRate(x, { effectiveFrom: input.effectiveFrom, rate: rate.toFixed(), at, by });
  return ok(await listFeeRates(x));
}

export interface TaxRateView {
  country: string;
  effectiveFrom: string;
  rate: string;
  collectedBy: TaxCollector;
}

const taxView = (r: TaxRate): TaxRateView => ({ ...r, rate: new Dec(r.rate).toFixed() });

export async function listTaxRates(x: Executor, country?: string): Promise<TaxRateView[]> {
  return (await taxRates(x, { country })).map(taxView);
}

export async function setTaxRate(x: Executor, input: { country: string; effectiveFrom: string; rate: string; collectedBy: TaxCollector }, at: Date): Promise<Result<TaxRateView>> {
  const country = input.country.toUpperCase();
  if (!/^[A-Z]{2}$/.test(country)) return fail('ValidationFailed', 'country is an ISO 3166 alpha-2 code.', { target: 'country' });
  if (!isDate(input.effectiveFrom)) return fail('ValidationFailed', 'effectiveFrom is a day (YYYY-MM-DD) from 2000 on.', { target: 'effectiveFrom' });
  const rate = parseRate(input.rate);
  if (!rate) return fail('ValidationFailed', 'rate is a decimal fraction from 0 to below 1 with at most 6 decimals (0.1 is 10%).', { target: 'rate' });
  const row = { country, effectiveFrom: input.effectiveFrom, rate: rate.toFixed(), collectedBy: input.collectedBy };
  await upsertTaxRate(x, { ...row, at });
  return ok(row);
}

export async function removeTaxRate(x: Executor, country: string, effectiveFrom: string): Promise<Result<{ deleted: true }>> {
  if (!(await deleteTaxRate(x, country.toUpperCase(), effectiveFrom))) return fail('NotFound', 'No tax rate for this country takes effect on this day.', { target: 'effectiveFrom' });
  return ok({ deleted: true as const });
}
