import ExcelJS from 'exceljs';
import type { LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STRONG_PASSWORD, createPublisher, signIn, testApp, type Publisher, type Session, type TestApp } from '../../../../test/helpers/app.js';

let t: TestApp;
let pub: Publisher;
let operator: Session;

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const DAY = 86_400_000;
const today = () => t.clock.now().toISOString().slice(0, 10);
const dayAfter = (days: number) => new Date(t.clock.now().getTime() + days * DAY).toISOString().slice(0, 10);

beforeAll(async () => {
  t = await testApp();
  pub = await createPublisher(t);
  const org = await t.services.identity.signUpOrganization(t.database.db, { organizationName: 'Ops', email: 'ops@prices.example', displayName: 'Ops', password: STRONG_PASSWORD });
  if (!org.ok) throw new Error(org.error.message);
  await t.services.identity.grantOperator(t.database.db, org.value.user.objectId);
  operator = await signIn(t.app, 'ops@prices.example');
  // The capability test's rates: EUR at 0.9 and JPY at 147.5 from today.
  const set = await setRates(today(), { EUR: '0.9', JPY: '147.5' });
  expect(set.statusCode, set.body).toBe(200);
});
afterAll(async () => t?.close());

function setRates(date: string, rates: Record<string, unknown>, session: Session = operator) {
  return t.app.inject({ method: 'PUT', url: `/api/admin/exchange-rates/${date}`, headers: session.headers, payload: { rates } });
}

async function member(roles: string[]): Promise<Session> {
  const email = `${roles[0]!.toLowerCase()}-${Math.random().toString(36).slice(2, 8)}@${pub.publisherId}.example`;
  const user = await t.services.identity.createUser(t.database.db, { tenantId: pub.tenantId, email, displayName: 'M', password: STRONG_PASSWORD });
  if (!user.ok) throw new Error(user.error.message);
  const add = await t.app.inject({ method: 'POST', url: `/api/accounts/${pub.accountId}/users`, headers: pub.owner.headers, payload: { userIds: [user.value.objectId], roles } });
  expect(add.statusCode).toBe(204);
  return signIn(t.app, email);
}

interface Price {
  market: string;
  currency: string;
  term: string;
  dimensionId: string | null;
  amount: string;
  usdAmount: string;
  source: string;
  fxRate: string | null;
  fxDate: string | null;
  locked: boolean;
  setAt: string | null;
}

const pricing = (markets: string[], over: { priceUsd?: string; dimensions?: object[]; terms?: object[] } = {}) => ({
  markets,
  pricing: { model: 'flatRate', billingTerms: over.terms ?? [{ term: 'P1M', priceUsd: over.priceUsd ?? '49.00' }], dimensions: over.dimensions ?? [] },
  freeTrial: false,
  visibility: 'public',
});

/** An offer with one plan, through the catalog API; keeps the offer's ETag. */
class Plan {
  etag = '*';
  constructor(
    readonly offerId: string,
    readonly planId: string,
  ) {}

  get offerUrl() {
    return `/api/accounts/${pub.accountId}/offers/${this.offerId}`;
  }
  get url() {
    return `${this.offerUrl}/plans/${this.planId}`;
  }
  track(res: LightMyRequestResponse) {
    if (res.headers.etag) this.etag = String(res.headers.etag);
    return res;
  }

  static async create(markets: string[] | null = ['US', 'DE', 'JP'], over: Parameters<typeof pricing>[1] = {}): Promise<Plan> {
    const plan = new Plan(`prices-${Math.random().toString(36).slice(2, 10)}`, 'standard');
    const offer = await t.app.inject({ method: 'POST', url: `/api/accounts/${pub.accountId}/offers`, headers: pub.owner.headers, payload: { offerType: 'SoftwareAsAService', offerId: plan.offerId, alias: plan.offerId } });
    expect(offer.statusCode, offer.body).toBe(201);
    plan.track(offer);
    const created = plan.track(await t.app.inject({ method: 'POST', url: `${plan.offerUrl}/plans`, headers: { ...pub.owner.headers, 'if-match': plan.etag }, payload: { planId: 'standard', name: 'Standard' } }));
    expect(created.statusCode, created.body).toBe(201);
    if (markets) expect((await plan.savePricing(pricing(markets, over))).statusCode).toBe(200);
    return plan;
  }

  async savePricing(value: object) {
    const res = this.track(await t.app.inject({ method: 'PUT', url: `${this.url}/pricingAndAvailability`, headers: { ...pub.owner.headers, 'if-match': this.etag }, payload: value }));
    expect(res.statusCode, res.body).toBe(200);
    return res;
  }

  async prices(session: Session = pub.owner): Promise<Price[]> {
    const res = this.track(await t.app.inject({ url: `${this.url}/prices`, headers: session.headers }));
    expect(res.statusCode, res.body).toBe(200);
    return res.json<{ prices: Price[] }>().prices;
  }

  async recompute(ifMatch: string | null = this.etag) {
    return this.track(await t.app.inject({ method: 'POST', url: `${this.url}/prices/recompute`, headers: { ...pub.owner.headers, ...(ifMatch === null ? {} : { 'if-match': ifMatch }) } }));
  }

  async export(session: Session = pub.owner) {
    return t.app.inject({ url: `${this.url}/prices/export`, headers: session.headers });
  }

  async exportWorkbook(): Promise<ExcelJS.Workbook> {
    const res = await this.export();
    expect(res.statusCode, res.body).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ExcelJS.Buffer);
    return wb;
  }

  async import(file: Buffer | string, contentType = XLSX, opts: { ifMatch?: string | null; session?: Session } = {}) {
    const ifMatch = opts.ifMatch === undefined ? this.etag : opts.ifMatch;
    const headers = { ...(opts.session ?? pub.owner).headers, 'content-type': contentType, ...(ifMatch === null ? {} : { 'if-match': ifMatch }) };
    return this.track(await t.app.inject({ method: 'PUT', url: `${this.url}/prices/import`, headers, payload: file }));
  }
}

const COLUMNS = ['Market', 'Market code', 'Currency', 'Billing term', 'Dimension', 'Price', 'USD price', 'Rate', 'Source'];
const col = (name: string) => COLUMNS.indexOf(name) + 1;

function rowOf(ws: ExcelJS.Worksheet, market: string, term = 'P1M', dimension = ''): ExcelJS.Row {
  for (let r = 2; r <= ws.rowCount; r++) {
    const row = ws.getRow(r);
    if (row.getCell(col('Market code')).value === market && row.getCell(col('Billing term')).value === term && (row.getCell(col('Dimension')).value ?? '') === dimension) return row;
  }
  throw new Error(`no row for ${market} ${term} ${dimension}`);
}

const find = (prices: Price[], market: string, term = 'P1M', dimensionId: string | null = null) => {
  const p = prices.find((x) => x.market === market && x.term === term && x.dimensionId === dimensionId);
  if (!p) throw new Error(`no price for ${market} ${term} ${dimensionId}`);
  return p;
};

const buffer = async (wb: ExcelJS.Workbook) => Buffer.from(await wb.xlsx.writeBuffer());
const details = (res: LightMyRequestResponse) => res.json<{ error: { details: { target: string; code: string; message: string }[] } }>().error.details;

async function storedRows(plan: Plan): Promise<{ market: string; source: string; amount: string }[]> {
  const { rows } = await sql<{ market: string; source: string; amount: string }>`
    select p.market, p.source, p.amount from catalog_plan_price p join catalog_plan pl using (plan_uid) join catalog_offer o using (offer_uid)
    where o.offer_id = ${plan.offerId} and o.account_id = ${pub.accountId} order by p.market, p.term, p.dimension_id`.execute(t.database.db);
  return rows;
}

describe('capability 6: prices across markets with FX conversion and xlsx/csv export and import', () => {
  it('with USD 49.00 and EUR at 0.9 the export shows 44.10 EUR; an edited 45.00 EUR imports and round-trips', async () => {
    const plan = await Plan.create(['US', 'DE', 'JP']);
    const recomputed = await plan.recompute();
    expect(recomputed.statusCode, recomputed.body).toBe(200);
    expect(find(recomputed.json().prices, 'DE')).toMatchObject({ currency: 'EUR', amount: '44.10', usdAmount: '49.00', source: 'converted', fxRate: '0.9', fxDate: today(), locked: false });

    const res = await plan.export();
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe(XLSX);
    expect(res.headers['content-disposition']).toBe('attachment; filename="exportedPrice.xlsx"');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ExcelJS.Buffer);
    const ws = wb.worksheets[0]!;
    expect((ws.getRow(1).values as unknown[]).slice(1)).toEqual(COLUMNS);
    expect(ws.getRow(1).font?.bold).toBe(true);
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(ws.rowCount).toBe(4); // header + US, DE, JP
    const de = rowOf(ws, 'DE');
    expect(de.getCell(col('Market')).value).toBe('Germany');
    expect(de.getCell(col('Currency')).value).toBe('EUR');
    expect(de.getCell(col('Price')).value).toBe(44.1);
    expect(de.getCell(col('Price')).numFmt).toBe('0.00'); // shows 44.10
    expect(de.getCell(col('USD price')).value).toBe(49);
    expect(de.getCell(col('Rate')).value).toBe(0.9);
    expect(de.getCell(col('Source')).value).toBe('converted');

    // The publisher edits the German price to 45.00 and imports the workbook.
    de.getCell(col('Price')).value = 45;
    const imported = await plan.import(await buffer(wb));
    expect(imported.statusCode, imported.body).toBe(200);
    expect(find(imported.json().prices, 'DE')).toMatchObject({ amount: '45.00', source: 'override', fxRate: '0.9' });
    expect(find(imported.json().prices, 'US')).toMatchObject({ amount: '49.00', source: 'converted' });

    const again = (await plan.exportWorkbook()).worksheets[0]!;
    expect(rowOf(again, 'DE').getCell(col('Price')).value).toBe(45);
    expect(rowOf(again, 'DE').getCell(col('Price')).numFmt).toBe('0.00');
    expect(rowOf(again, 'DE').getCell(col('Source')).value).toBe('override');
    expect(rowOf(again, 'US').getCell(col('Source')).value).toBe('converted');

    // The override survives a recompute while Germany stays in the plan; importing the converted price clears it.
    expect(find((await plan.recompute()).json().prices, 'DE')).toMatchObject({ amount: '45.00', source: 'override' });
    const back = await plan.import(`Market code,Currency,Billing term,Dimension,Price\nDE,EUR,P1M,,44.10\n`, 'text/csv; charset=utf-8');
    expect(back.statusCode, back.body).toBe(200);
    expect(find(back.json().prices, 'DE')).toMatchObject({ amount: '44.10', source: 'converted' });
  });

  it('JPY prices round to whole yen', async () => {
    const plan = await Plan.create(['JP']);
    expect((await plan.recompute()).statusCode).toBe(200);
    expect(find(await plan.prices(), 'JP')).toMatchObject({ currency: 'JPY', amount: '7228', fxRate: '147.5' }); // 7227.5 rounds up
    const ws = (await plan.exportWorkbook()).worksheets[0]!;
    expect(rowOf(ws, 'JP').getCell(col('Price')).value).toBe(7228);
    expect(rowOf(ws, 'JP').getCell(col('Price')).numFmt).toBe('0');
    const decimals = await plan.import('Market code,Currency,Billing term,Dimension,Price\nJP,JPY,P1M,,7228.5\n', 'text/csv');
    expect(decimals.statusCode).toBe(400);
    expect(details(decimals).map((d) => [d.target, d.code])).toEqual([['rows.2.Price', 'TooManyDecimals']]);
    const whole = await plan.import('Market code,Currency,Billing term,Dimension,Price\nJP,JPY,P1M,,8000\n', 'text/csv');
    expect(find(whole.json().prices, 'JP')).toMatchObject({ amount: '8000', source: 'override' });
  });

  it('refuses an import with a wrong currency, an unknown market, a negative price and 3 decimals for USD, listing every problem and writing nothing', async () => {
    const plan = await Plan.create(['US', 'DE', 'JP']);
    await plan.recompute();
    const before = await plan.prices();
    const rowsBefore = await storedRows(plan);
    const etagBefore = plan.etag;

    const wb = await plan.exportWorkbook();
    const ws = wb.worksheets[0]!;
    rowOf(ws, 'DE').getCell(col('Currency')).value = 'USD'; // wrong currency
    rowOf(ws, 'JP').getCell(col('Price')).value = -5; // negative
    rowOf(ws, 'US').getCell(col('Price')).value = '49.123'; // 3 decimals for USD
    ws.addRow(['Atlantis', 'XX', 'USD', 'P1M', null, 10]); // unknown market
    const refused = await plan.import(await buffer(wb));
    expect(refused.statusCode, refused.body).toBe(400);
    expect(refused.json().error.code).toBe('ValidationFailed');
    const problems = details(refused).map((d) => [d.target, d.code]);
    const row = (m: string) => rowOf(ws, m).number;
    expect(problems).toEqual(
      expect.arrayContaining([
        [`rows.${row('DE')}.Currency`, 'CurrencyMismatch'],
        [`rows.${row('JP')}.Price`, 'Minimum'],
        [`rows.${row('US')}.Price`, 'TooManyDecimals'],
        ['rows.5.Market code', 'UnknownMarket'],
      ]),
    );
    expect(problems).toHaveLength(4);
    expect(details(refused).find((d) => d.code === 'CurrencyMismatch')!.message).toContain('Germany (DE) is priced in EUR, not USD');
    expect(details(refused).find((d) => d.code === 'TooManyDecimals')!.message).toMatch(/^Row \d, Price \(F\d\)/);

    // The same problems from a CSV; the valid rows are not written either.
    const csv = ['Market code,Currency,Billing term,Dimension,Price', 'DE,USD,P1M,,40.00', 'XX,USD,P1M,,10', 'JP,JPY,P1M,,-5', 'US,USD,P1M,,49.123', 'US,USD,P1Y,,490.00', 'DE,EUR,P1M,api,1'].join('\r\n');
    const csvRefused = await plan.import(csv, 'text/csv');
    expect(csvRefused.statusCode).toBe(400);
    expect(details(csvRefused).map((d) => [d.target, d.code])).toEqual([
      ['rows.2.Currency', 'CurrencyMismatch'],
      ['rows.3.Market code', 'UnknownMarket'],
      ['rows.4.Price', 'Minimum'],
      ['rows.5.Price', 'TooManyDecimals'],
      ['rows.6.Billing term', 'TermNotOffered'],
      ['rows.7.Dimension', 'UnknownDimension'],
    ]);

    expect(plan.etag).toBe(etagBefore);
    expect(await plan.prices()).toEqual(before);
    expect(await storedRows(plan)).toEqual(rowsBefore);
  });

  it('needs a current If-Match (412 when stale, 428 when missing), like every plan change', async () => {
    const plan = await Plan.create(['US', 'DE']);
    const stale = plan.etag;
    expect((await plan.recompute()).statusCode).toBe(200);
    expect(plan.etag).not.toBe(stale);
    const csv = 'Market code,Currency,Billing term,Dimension,Price\nDE,EUR,P1M,,45.00\n';
    const staleImport = await plan.import(csv, 'text/csv', { ifMatch: stale });
    expect(staleImport.statusCode).toBe(412);
    expect(staleImport.json().error.code).toBe('PreconditionFailed');
    expect((await plan.recompute(stale)).statusCode).toBe(412);
    expect((await plan.import(csv, 'text/csv', { ifMatch: null })).statusCode).toBe(428);
    expect((await plan.recompute(null)).statusCode).toBe(428);
    expect(find(await plan.prices(), 'DE').source).toBe('converted');
    // The import bumps the offer's version like any other plan change.
    const ok = await plan.import(csv, 'text/csv');
    expect(ok.statusCode).toBe(200);
    expect(ok.json().offerVersion).toBe(Number(plan.etag.replace(/"/g, '')));
    const offer = await t.app.inject({ url: plan.offerUrl, headers: pub.owner.headers });
    expect(offer.headers.etag).toBe(plan.etag);
  });

  it('a Marketer reads and exports prices but cannot import or recompute (403)', async () => {
    const plan = await Plan.create(['US', 'DE']);
    const marketer = await member(['Marketer']);
    expect((await plan.prices(marketer)).length).toBe(2);
    expect((await plan.export(marketer)).statusCode).toBe(200);
    const res = await plan.import('Market code,Currency,Billing term,Dimension,Price\nDE,EUR,P1M,,45.00\n', 'text/csv', { session: marketer });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('Forbidden');
    expect((await t.app.inject({ method: 'POST', url: `${plan.url}/prices/recompute`, headers: { ...marketer.headers, 'if-match': '*' } })).statusCode).toBe(403);
    // A Business contributor sets pricing.
    const business = await member(['BusinessContributor']);
    expect((await plan.import('Market code,Currency,Billing term,Dimension,Price\nDE,EUR,P1M,,45.00\n', 'text/csv', { session: business })).statusCode).toBe(200);
    expect(await storedRows(plan)).toEqual(expect.arrayContaining([{ market: 'DE', source: 'override', amount: '45.000000' }]));
  });
});

describe('exchange rates (operator)', () => {
  it('operators set rates for a day; everyone else gets 403', async () => {
    const day = '2031-01-15';
    expect((await setRates(day, { EUR: '0.5' }, pub.owner)).statusCode).toBe(403);
    expect((await t.app.inject({ url: `/api/admin/exchange-rates?date=${day}`, headers: pub.owner.headers })).statusCode).toBe(403);
    expect((await t.app.inject({ url: '/api/admin/exchange-rates' })).statusCode).toBe(401);

    const bad = await setRates(day, { EUR: '0', XAF: '600', USD: '1.1', GBP: 'abc', CHF: '0.8' });
    expect(bad.statusCode).toBe(400);
    expect(details(bad).map((d) => [d.target, d.code])).toEqual([
      ['rates.EUR', 'Minimum'],
      ['rates.XAF', 'UnknownCurrency'],
      ['rates.USD', 'Fixed'],
      ['rates.GBP', 'NotADecimal'],
    ]);
    expect((await setRates(day, { EUR: 0.5 })).statusCode).toBe(400); // a number, not a decimal string
    expect((await setRates('2031-02-30', { EUR: '0.5' })).statusCode).toBe(400);
    expect((await t.app.inject({ url: '/api/admin/exchange-rates?date=2031-02-30', headers: operator.headers })).statusCode).toBe(400);

    const ok = await setRates(day, { EUR: '0.5', CHF: '0.8100' });
    expect(ok.statusCode, ok.body).toBe(200);
    const eur = ok.json().rates.find((r: { currency: string }) => r.currency === 'EUR');
    expect(eur).toMatchObject({ rate: '0.5', effectiveDate: day });
    expect(eur.setBy).toMatch(/^[0-9a-f-]{36}$/);
    // Setting the same day again replaces that day's rate.
    await setRates(day, { EUR: '0.55' });
    const listed = await t.app.inject({ url: `/api/admin/exchange-rates?date=${day}`, headers: operator.headers });
    expect(listed.json().rates).toHaveLength(16);
    expect(listed.json().rates.find((r: { currency: string }) => r.currency === 'EUR')).toMatchObject({ rate: '0.55', effectiveDate: day });
    expect(listed.json().rates.find((r: { currency: string }) => r.currency === 'CHF')).toMatchObject({ rate: '0.81', effectiveDate: day });
    // Without a date: today's rates (the demo defaults where nothing was set).
    const now = await t.app.inject({ url: '/api/admin/exchange-rates', headers: operator.headers });
    expect(now.json().date).toBe(today());
    expect(now.json().rates.find((r: { currency: string }) => r.currency === 'USD')).toMatchObject({ rate: '1', effectiveDate: '2000-01-01', setBy: null });
    expect(now.json().rates.find((r: { currency: string }) => r.currency === 'EUR')).toMatchObject({ rate: '0.9', effectiveDate: today() });
  });

  it('converts at the rate in force on the save date; a rate set for a later day changes nothing converted before', async () => {
    const start = t.clock.now();
    try {
      expect((await setRates(today(), { GBP: '0.75' })).statusCode).toBe(200);
      const plan = await Plan.create(['GB']);
      await plan.recompute();
      expect(find(await plan.prices(), 'GB')).toMatchObject({ amount: '36.75', fxRate: '0.75', fxDate: today() });

      const later = dayAfter(3);
      expect((await setRates(later, { GBP: '0.70' })).statusCode).toBe(200);
      expect(find(await plan.prices(), 'GB')).toMatchObject({ amount: '36.75', fxRate: '0.75' });
      // Saved again today: today's rate still applies.
      expect(find((await plan.recompute()).json().prices, 'GB')).toMatchObject({ amount: '36.75', fxDate: today() });

      t.clock.advance(3 * DAY);
      expect(today()).toBe(later);
      // Nothing converted before changes by itself ...
      expect(find(await plan.prices(), 'GB')).toMatchObject({ amount: '36.75', fxRate: '0.75' });
      // ... and saving on the later day converts at that day's rate.
      expect(find((await plan.recompute()).json().prices, 'GB')).toMatchObject({ amount: '34.30', fxRate: '0.7', fxDate: later });

      const rates = (date: string) => t.app.inject({ url: `/api/admin/exchange-rates?date=${date}`, headers: operator.headers });
      const gbp = async (date: string) => (await rates(date)).json().rates.find((r: { currency: string }) => r.currency === 'GBP');
      expect(await gbp(start.toISOString().slice(0, 10))).toMatchObject({ rate: '0.75' });
      expect(await gbp(dayAfter(-1))).toMatchObject({ rate: '0.75' });
      expect(await gbp(later)).toMatchObject({ rate: '0.7', effectiveDate: later });
      expect(await gbp(new Date(start.getTime() - DAY).toISOString().slice(0, 10))).toMatchObject({ rate: '0.74', effectiveDate: '2000-01-01' });
    } finally {
      t.clock.set(start);
    }
  });
});

describe('markets, terms and dimensions', () => {
  it('prices each market, term and metered dimension; removed markets lose their prices and overrides', async () => {
    const dimensions = [{ id: 'api_calls', displayName: 'API calls', unitOfMeasure: 'per call', priceUsd: '0.00015', included: { P1M: 1000 } }];
    const terms = [
      { term: 'P1M', priceUsd: '49.00' },
      { term: 'P1Y', priceUsd: '490.00' },
    ];
    const plan = await Plan.create(['US', 'DE', 'JP'], { dimensions, terms });
    const prices = (await plan.recompute()).json().prices as Price[];
    expect(prices).toHaveLength(3 * 2 * 2);
    expect(find(prices, 'DE', 'P1Y')).toMatchObject({ amount: '441.00' });
    expect(find(prices, 'DE', 'P1M', 'api_calls')).toMatchObject({ amount: '0.000135', usdAmount: '0.00015' });
    expect(find(prices, 'JP', 'P1M', 'api_calls')).toMatchObject({ amount: '0.022125' }); // 0.00015 * 147.5
    expect(find(prices, 'US', 'P1Y', 'api_calls')).toMatchObject({ amount: '0.00015' });
    // The sheet lists them by market (as the reference table orders markets), then term, base price first.
    const ws = (await plan.exportWorkbook()).worksheets[0]!;
    expect(ws.getColumn(col('Market code')).values.slice(2)).toEqual(['DE', 'DE', 'DE', 'DE', 'JP', 'JP', 'JP', 'JP', 'US', 'US', 'US', 'US']);
    expect(rowOf(ws, 'DE', 'P1M', 'api_calls').getCell(col('Price')).value).toBe(0.000135);

    // Unit prices take up to 6 decimals, base prices the currency's minor digits.
    const csv = ['Market code,Currency,Billing term,Dimension,Price', 'DE,EUR,P1M,api_calls,0.0002', 'DE,EUR,P1Y,,450', 'JP,JPY,P1Y,api_calls,0.0000001'].join('\n');
    const first = await plan.import(csv, 'text/csv');
    expect(first.statusCode).toBe(400);
    expect(details(first).map((d) => [d.target, d.code])).toEqual([['rows.4.Price', 'TooManyDecimals']]);
    const imported = await plan.import(csv.split('\n').slice(0, 3).join('\n'), 'text/csv');
    expect(imported.statusCode, imported.body).toBe(200);
    expect(find(imported.json().prices, 'DE', 'P1M', 'api_calls')).toMatchObject({ amount: '0.0002', source: 'override' });
    expect(find(imported.json().prices, 'DE', 'P1Y')).toMatchObject({ amount: '450.00', source: 'override' });

    // Germany leaves the plan: its prices (and overrides) go at the next recompute; coming back, it is converted again.
    await plan.savePricing(pricing(['US', 'JP'], { dimensions, terms }));
    expect((await plan.prices()).some((p) => p.market === 'DE')).toBe(false);
    await plan.recompute();
    expect((await storedRows(plan)).some((r) => r.market === 'DE')).toBe(false);
    await plan.savePricing(pricing(['US', 'JP', 'DE'], { dimensions, terms }));
    await plan.recompute();
    expect(find(await plan.prices(), 'DE', 'P1Y')).toMatchObject({ amount: '441.00', source: 'converted' });
    // A duplicated row is a problem too.
    const dup = await plan.import('Market code,Currency,Billing term,Dimension,Price\nDE,EUR,P1M,,45\nde,eur,p1m,,46\n', 'text/csv');
    expect(details(dup).map((d) => [d.target, d.code])).toEqual([['rows.3.Market code', 'Duplicate']]);
  });

  it('export and import need saved pricing; the import takes xlsx or CSV bodies only', async () => {
    const plan = await Plan.create(null);
    expect((await plan.prices()).length).toBe(0);
    const res = await plan.export();
    expect(res.statusCode).toBe(409);
    expect(res.json().error.target).toBe('pricingAndAvailability');
    expect((await plan.import('Market code,Currency,Billing term,Dimension,Price\nUS,USD,P1M,,1\n', 'text/csv')).statusCode).toBe(409);
    expect((await plan.recompute()).statusCode).toBe(409);

    await plan.savePricing(pricing(['US']));
    const json = await t.app.inject({ method: 'PUT', url: `${plan.url}/prices/import`, headers: { ...pub.owner.headers, 'if-match': plan.etag }, payload: { prices: [] } });
    expect(json.statusCode).toBe(415);
    const broken = await plan.import(Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.alloc(64)]), 'application/octet-stream');
    expect(broken.statusCode).toBe(400);
    expect(details(broken)[0]!.code).toBe('NotAWorkbook');
    // An xlsx sent as application/octet-stream is recognized by its ZIP signature.
    const wb = await plan.exportWorkbook();
    rowOf(wb.worksheets[0]!, 'US').getCell(col('Price')).value = 39.99;
    const octet = await plan.import(await buffer(wb), 'application/octet-stream');
    expect(octet.statusCode, octet.body).toBe(200);
    expect(find(octet.json().prices, 'US')).toMatchObject({ amount: '39.99', source: 'override' });
    const big = await plan.import(Buffer.alloc(5 * 1024 * 1024 + 1, 0x20), 'text/csv');
    expect(big.statusCode).toBe(413);
    expect(big.json().error.code).toBe('PayloadTooLarge');
    const missing = await t.app.inject({ url: `/api/accounts/${pub.accountId}/offers/${plan.offerId}/plans/nope/prices`, headers: pub.owner.headers });
    expect(missing.statusCode).toBe(404);
  });
});

describe('published prices are locked', () => {
  it("a published plan's market prices can't change; markets added after publishing are priced", async () => {
    expect((await setRates(today(), { CHF: '0.80' })).statusCode).toBe(200);
    const plan = await Plan.create(['US', 'CH']);
    await plan.recompute();
    expect(find(await plan.prices(), 'CH')).toMatchObject({ amount: '39.20', locked: false });
    // What the publishing pipeline does when a version reaches Preview.
    const catalog = t.services.catalog;
    const found = await catalog.offerForPublishing(t.database.db, pub.accountId, plan.offerId);
    if (!found.ok) throw new Error(found.error.message);
    const snap = await catalog.freezeDraft(t.database.db, found.value.offerUid);
    if (!snap.ok) throw new Error(snap.error.message);
    await catalog.promoteToPreview(t.database.db, found.value.offerUid, snap.value.snapshotId);
    await plan.prices();

    expect((await setRates(today(), { CHF: '0.85' })).statusCode).toBe(200);
    expect(find(await plan.prices(), 'CH')).toMatchObject({ amount: '39.20', locked: true });
    const recompute = await plan.recompute();
    expect(recompute.statusCode).toBe(409);
    expect(recompute.json().error.code).toBe('Locked');
    const changed = await plan.import('Market code,Currency,Billing term,Dimension,Price\nCH,CHF,P1M,,42.00\nUS,USD,P1M,,49.00\n', 'text/csv');
    expect(changed.statusCode).toBe(409);
    expect(changed.json().error.code).toBe('Locked');
    expect(details(changed).map((d) => [d.target, d.code])).toEqual([['rows.2.Price', 'Locked']]);
    // A mix of locked and invalid rows lists both (and is Locked, as validationFailed decides for every catalog change).
    const mixed = await plan.import('Market code,Currency,Billing term,Dimension,Price\nCH,CHF,P1M,,42.00\nUS,EUR,P1M,,49.00\n', 'text/csv');
    expect(mixed.statusCode, mixed.body).toBe(409);
    expect(details(mixed).map((d) => d.code)).toEqual(['Locked', 'CurrencyMismatch']);

    // France is added after publishing: it is priced (at today's rate), and may be overridden; Switzerland stays.
    await plan.savePricing(pricing(['US', 'CH', 'FR']));
    const after = await plan.recompute();
    expect(after.statusCode, after.body).toBe(200);
    expect(find(after.json().prices, 'CH')).toMatchObject({ amount: '39.20', fxRate: '0.8', locked: true });
    expect(find(after.json().prices, 'FR')).toMatchObject({ amount: '44.10', locked: false });
    const fr = await plan.import('Market code,Currency,Billing term,Dimension,Price\nCH,CHF,P1M,,39.20\nFR,EUR,P1M,,47.00\n', 'text/csv');
    expect(fr.statusCode, fr.body).toBe(200);
    expect(find(fr.json().prices, 'FR')).toMatchObject({ amount: '47.00', source: 'override' });
    expect(find(fr.json().prices, 'CH')).toMatchObject({ amount: '39.20', source: 'converted' });
  });
});
