import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STRONG_PASSWORD, createPublisher, signIn, testApp, type Publisher, type Session, type TestApp } from '../../../../test/helpers/app.js';
import { PAYOUT_VERIFICATION_TOPIC, TAX_VALIDATION_TOPIC, payoutEligibility } from './index.js';

let t: TestApp;
let operator: Session;

const HOUR = 3_600_000;

beforeAll(async () => {
  t = await testApp();
  // Business time starts at a known instant and only moves forward in this file.
  t.clock.set(new Date('2030-01-10T12:00:00Z'));
  const org = await t.services.identity.signUpOrganization(t.database.db, { organizationName: 'Marketplace ops', email: `ops${Date.now()}@agora.example`, displayName: 'Ops', password: STRONG_PASSWORD });
  if (!org.ok) throw new Error(org.error.message);
  await t.services.identity.grantOperator(t.database.db, org.value.user.objectId);
  operator = await signIn(t.app, org.value.user.email);
});
afterAll(async () => t?.close());

/** A person of the publisher's directory with the given roles on its account, signed in. */
async function member(pub: Publisher, roles: string[]): Promise<Session> {
  const email = `${roles.join('-').toLowerCase()}-${Math.random().toString(36).slice(2, 8)}@${pub.publisherId}.example`;
  const user = await t.services.identity.createUser(t.database.db, { tenantId: pub.tenantId, email, displayName: roles.join(' '), password: STRONG_PASSWORD });
  if (!user.ok) throw new Error(user.error.message);
  const add = await t.app.inject({ method: 'POST', url: `/api/accounts/${pub.accountId}/users`, headers: pub.owner.headers, payload: { userIds: [user.value.objectId], roles } });
  expect(add.statusCode).toBe(204);
  return signIn(t.app, email);
}

const taxUrl = (p: Publisher) => `/api/accounts/${p.accountId}/tax-profile`;
const payoutUrl = (p: Publisher) => `/api/accounts/${p.accountId}/payout-profile`;
const send = (method: 'GET' | 'PUT' | 'PATCH' | 'POST', url: string, session: Session, payload?: object) =>
  t.app.inject({ method, url, headers: session.headers, ...(payload ? { payload } : {}) });

const DE_TAX = {
  entityType: 'Business',
  legalName: 'Contoso GmbH',
  countryOfResidence: 'DE',
  address: { line1: 'Hauptstr. 1', city: 'Berlin', postalCode: '10115' },
  taxForm: 'W-8BEN-E',
  taxId: 'DE123456789',
};
const DE_IBAN = 'DE89 3704 0044 0532 0130 00';
const DE_PAYOUT = { payoutCurrency: 'EUR', bankAccount: { country: 'DE', accountHolderName: 'Contoso GmbH', iban: DE_IBAN } };
const US_TAX = {
  entityType: 'Business',
  legalName: 'Fabrikam Inc.',
  countryOfResidence: 'US',
  address: { line1: '1 Microsoft Way', city: 'Redmond', region: 'WA', postalCode: '98052' },
  taxForm: 'W-9',
  taxId: '12-3456789',
};
const US_PAYOUT = { payoutCurrency: 'USD', bankAccount: { country: 'US', accountHolderName: 'Fabrikam Inc.', routingNumber: '021000021', accountNumber: '000123456789', accountType: 'checking' } };

async function count(table: string, accountId: string): Promise<number> {
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)} where account_id = ${accountId}`.execute(t.database.db);
  return rows[0]!.n;
}
async function jobs(topic: string, accountId: string): Promise<{ status: string; run_at: Date }[]> {
  const { rows } = await sql<{ status: string; run_at: Date }>`select status, run_at from outbox_message where topic = ${topic} and payload->>'accountId' = ${accountId} order by created_at`.execute(t.database.db);
  return rows;
}

/** A publisher whose tax profile is submitted and validated by the job, and whose payout profile is verified. */
async function readyPublisher(tax: object = DE_TAX, payout: object = DE_PAYOUT): Promise<Publisher> {
  const pub = await createPublisher(t);
  expect((await send('PUT', taxUrl(pub), pub.owner, tax)).statusCode).toBe(201);
  expect((await send('PUT', payoutUrl(pub), pub.owner, payout)).statusCode).toBe(201);
  t.clock.advance(24 * HOUR);
  await t.runner.drain();
  expect((await send('GET', taxUrl(pub), pub.owner)).json().status).toBe('Validated');
  expect((await send('GET', payoutUrl(pub), pub.owner)).json().status).toBe('Verified');
  return pub;
}

describe('roles', () => {
  it('keeps Developers and Managers out of the payout and tax profiles (403), and lets Financial contributors in', async () => {
    const pub = await createPublisher(t);
    for (const roles of [['Developer'], ['Manager'], ['Marketer'], ['BusinessContributor']]) {
      const session = await member(pub, roles);
      for (const [method, url, payload] of [
        ['GET', payoutUrl(pub)],
        ['PUT', payoutUrl(pub), DE_PAYOUT],
        ['PATCH', payoutUrl(pub), { holdPayment: true }],
        ['GET', taxUrl(pub)],
        ['PUT', taxUrl(pub), DE_TAX],
      ] as const) {
        const res = await send(method, url, session, payload);
        expect(res.statusCode, `${roles[0]} ${method} ${url}`).toBe(403);
        expect(res.json().error.code).toBe('Forbidden');
      }
    }
    expect(await count('accounts_tax_profile', pub.accountId)).toBe(0);

    const finance = await member(pub, ['FinancialContributor']);
    expect((await send('PUT', taxUrl(pub), finance, DE_TAX)).statusCode).toBe(201);
    expect((await send('PUT', payoutUrl(pub), finance, DE_PAYOUT)).statusCode).toBe(201);
    expect((await send('PATCH', payoutUrl(pub), finance, { holdPayment: true })).statusCode).toBe(200);
    expect((await send('GET', payoutUrl(pub), finance)).json().holdPayment).toBe(true);
  });

  it('keeps the operator decisions to operators', async () => {
    const pub = await createPublisher(t);
    await send('PUT', taxUrl(pub), pub.owner, DE_TAX);
    const res = await send('POST', `/api/admin/accounts/${pub.accountId}/tax-profile/validate`, pub.owner, {});
    expect(res.statusCode).toBe(403);
    expect((await send('GET', taxUrl(pub), pub.owner)).json().status).toBe('Submitted');
    expect((await t.app.inject({ method: 'POST', url: `/api/admin/accounts/${pub.accountId}/payout-profile/verify`, payload: {} })).statusCode).toBe(401);
  });
});

describe('tax profile', () => {
  it('is 404 until submitted; a submission is Submitted with its derived withholding and a masked TIN', async () => {
    const pub = await createPublisher(t);
    expect((await send('GET', taxUrl(pub), pub.owner)).statusCode).toBe(404);
    const res = await send('PUT', taxUrl(pub), pub.owner, { ...DE_TAX, treatyClaim: { country: 'DE', rate: 5 } });
    expect(res.statusCode).toBe(201);
    const now = t.clock.now();
    expect(res.json()).toMatchObject({
      status: 'Submitted',
      taxForm: 'W-8BEN-E',
      withholdingRate: 5,
      treatyClaim: { country: 'DE', rate: 5 },
      taxIdMasked: '****6789',
      revision: 1,
      submittedAt: now.toISOString(),
      validationDueAt: new Date(now.getTime() + 24 * HOUR).toISOString(),
      history: [{ action: 'Submit', fromStatus: 'NotStarted', toStatus: 'Submitted', actor: { kind: 'user', id: pub.ownerId } }],
    });
    expect(res.body).not.toContain('DE123456789');
    expect((await send('GET', taxUrl(pub), pub.owner)).json().withholdingRate).toBe(5);
  });

  it('refuses bad input with a 400 naming the field, and stores nothing', async () => {
    const pub = await createPublisher(t);
    const cases: [object, string, string][] = [
      [{ ...DE_TAX, taxForm: 'W-9', taxId: '12-3456789' }, 'TaxFormMismatch', 'taxForm'],
      [{ ...DE_TAX, taxForm: 'W-8BEN' }, 'TaxFormMismatch', 'taxForm'],
      [{ ...US_TAX, taxId: '00-1234567' }, 'ValidationFailed', 'taxId'],
      [{ ...US_TAX, entityType: 'Individual', citizenship: 'US', taxId: '666-12-3456' }, 'ValidationFailed', 'taxId'],
      [{ ...US_TAX, treatyClaim: { country: 'US', rate: 0 } }, 'ValidationFailed', 'treatyClaim'],
      [{ ...DE_TAX, treatyClaim: { country: 'DE', rate: 31 } }, 'ValidationFailed', 'treatyClaim.rate'],
      [{ ...DE_TAX, countryOfResidence: 'IR' }, 'ValidationFailed', 'countryOfResidence'],
      [{ ...DE_TAX, surprise: true }, 'ValidationFailed', 'body'],
    ];
    for (const [payload, code, target] of cases) {
      const res = await send('PUT', taxUrl(pub), pub.owner, payload);
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(res.json().error.code).toBe(code);
      if (target !== 'body') expect(res.json().error.target).toBe(target);
    }
    expect(await count('accounts_tax_profile', pub.accountId)).toBe(0);
    expect(await count('accounts_finance_event', pub.accountId)).toBe(0);
    expect(await jobs(TAX_VALIDATION_TOPIC, pub.accountId)).toEqual([]);
  });

  it('is validated by the job 24 hours after submission on the business clock, not before', async () => {
    const pub = await createPublisher(t);
    await send('PUT', taxUrl(pub), pub.owner, US_TAX);
    t.clock.advance(24 * HOUR - 60_000);
    await t.runner.drain();
    expect((await send('GET', taxUrl(pub), pub.owner)).json().status).toBe('Submitted');
    t.clock.advance(60_000);
    await t.runner.drain();
    const validated = (await send('GET', taxUrl(pub), pub.owner)).json();
    expect(validated).toMatchObject({ status: 'Validated', withholdingRate: 0, taxIdMasked: '**-***6789', validationDueAt: null, decidedAt: t.clock.now().toISOString() });
    expect(validated.history[0]).toMatchObject({ action: 'Validate', fromStatus: 'Submitted', toStatus: 'Validated', actor: { kind: 'system', id: null } });
    expect((await jobs(TAX_VALIDATION_TOPIC, pub.accountId)).map((j) => j.status)).toEqual(['done']);
  });

  it('resubmits a validated profile that is edited; the same content again changes nothing; the old job is skipped', async () => {
    const pub = await createPublisher(t);
    await send('PUT', taxUrl(pub), pub.owner, DE_TAX);
    t.clock.advance(24 * HOUR);
    await t.runner.drain();
    const same = await send('PUT', taxUrl(pub), pub.owner, { ...DE_TAX, legalName: '  Contoso   GmbH ' });
    expect(same.statusCode).toBe(200);
    expect(same.json()).toMatchObject({ status: 'Validated', revision: 1 });

    const edited = await send('PUT', taxUrl(pub), pub.owner, { ...DE_TAX, address: { ...DE_TAX.address, line1: 'Hauptstr. 2' } });
    expect(edited.statusCode).toBe(200);
    expect(edited.json()).toMatchObject({ status: 'Submitted', revision: 2, history: [{ action: 'Resubmit', fromStatus: 'Validated', toStatus: 'Submitted' }, {}, {}] });
    // A third revision before the second is judged: the second's job finds nothing to do.
    t.clock.advance(HOUR);
    await send('PUT', taxUrl(pub), pub.owner, { ...DE_TAX, address: { ...DE_TAX.address, line1: 'Hauptstr. 3' } });
    t.clock.advance(23 * HOUR);
    await t.runner.drain();
    expect((await send('GET', taxUrl(pub), pub.owner)).json()).toMatchObject({ status: 'Submitted', revision: 3 });
    t.clock.advance(HOUR);
    await t.runner.drain();
    expect((await send('GET', taxUrl(pub), pub.owner)).json()).toMatchObject({ status: 'Validated', revision: 3, address: { line1: 'Hauptstr. 3' } });
    expect((await jobs(TAX_VALIDATION_TOPIC, pub.accountId)).map((j) => j.status)).toEqual(['done', 'done', 'done']);
  });

  it('is invalidated by the job when its US TIN is validated elsewhere under another legal name', async () => {
    const first = await createPublisher(t);
    await send('PUT', taxUrl(first), first.owner, { ...US_TAX, taxId: '45-6789012' });
    t.clock.advance(24 * HOUR);
    await t.runner.drain();
    const second = await createPublisher(t);
    await send('PUT', taxUrl(second), second.owner, { ...US_TAX, legalName: 'Someone Else LLC', taxId: '45-6789012' });
    // The same TIN under the same name (punctuation and case aside) is fine.
    const third = await createPublisher(t);
    await send('PUT', taxUrl(third), third.owner, { ...US_TAX, legalName: 'FABRIKAM, INC', taxId: '45-6789012' });
    t.clock.advance(24 * HOUR);
    await t.runner.drain();
    const invalid = (await send('GET', taxUrl(second), second.owner)).json();
    expect(invalid).toMatchObject({ status: 'Invalid', statusReason: expect.stringMatching(/\*\*-\*\*\*9012 is on file under a different legal name/) });
    expect((await send('GET', taxUrl(third), third.owner)).json().status).toBe('Validated');
    // Submitting the Invalid profile again, unchanged, asks for another validation.
    const again = await send('PUT', taxUrl(second), second.owner, { ...US_TAX, legalName: 'Someone Else LLC', taxId: '45-6789012' });
    expect(again.json()).toMatchObject({ status: 'Submitted', revision: 2 });
  });

  it('takes operator decisions: invalidate with a reason, validate, not twice', async () => {
    const pub = await createPublisher(t);
    await send('PUT', taxUrl(pub), pub.owner, DE_TAX);
    const admin = `/api/admin/accounts/${pub.accountId}/tax-profile`;
    const noReason = await send('POST', `${admin}/invalidate`, operator, {});
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().error.target).toBe('reason');
    const invalidated = await send('POST', `${admin}/invalidate`, operator, { reason: 'The legal name does not match the commercial register.' });
    expect(invalidated.statusCode).toBe(200);
    expect(invalidated.json()).toMatchObject({ status: 'Invalid', statusReason: 'The legal name does not match the commercial register.', history: [{ actor: { kind: 'operator' } }, {}] });
    // The job of the revision finds it decided and leaves it.
    t.clock.advance(24 * HOUR);
    await t.runner.drain();
    expect((await send('GET', taxUrl(pub), pub.owner)).json().status).toBe('Invalid');
    expect((await send('POST', `${admin}/validate`, operator, {})).json().status).toBe('Validated');
    const twice = await send('POST', `${admin}/validate`, operator, {});
    expect(twice.statusCode).toBe(409);
    expect(twice.json().error.code).toBe('Conflict');
    expect((await send('POST', '/api/admin/accounts/00000000-0000-4000-8000-000000000000/tax-profile/validate', operator, {})).statusCode).toBe(404);
    const none = await createPublisher(t);
    expect((await send('POST', `/api/admin/accounts/${none.accountId}/tax-profile/validate`, operator, {})).statusCode).toBe(404);
  });
});

describe('payout profile', () => {
  it('needs a submitted tax profile first: 409 TaxProfileRequired, nothing stored', async () => {
    const pub = await createPublisher(t);
    const res = await send('PUT', payoutUrl(pub), pub.owner, DE_PAYOUT);
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('TaxProfileRequired');
    expect(await count('accounts_payout_profile', pub.accountId)).toBe(0);
    expect((await send('GET', payoutUrl(pub), pub.owner)).statusCode).toBe(404);
    expect((await send('PATCH', payoutUrl(pub), pub.owner, { holdPayment: true })).statusCode).toBe(404);
  });

  it('wants the bank account in the country of residence and valid bank details, and stores nothing otherwise', async () => {
    const pub = await createPublisher(t);
    await send('PUT', taxUrl(pub), pub.owner, DE_TAX);
    const cases: [object, string, string][] = [
      [{ ...DE_PAYOUT, bankAccount: { country: 'FR', accountHolderName: 'Contoso GmbH', iban: 'FR14 2004 1010 0505 0001 3M02 606' } }, 'BankCountryMismatch', 'bankAccount.country'],
      [{ ...DE_PAYOUT, bankAccount: { ...DE_PAYOUT.bankAccount, iban: 'DE89 3704 0044 0532 0130 01' } }, 'ValidationFailed', 'bankAccount.iban'],
      [{ ...DE_PAYOUT, bankAccount: { ...DE_PAYOUT.bankAccount, iban: 'FR14 2004 1010 0505 0001 3M02 606' } }, 'ValidationFailed', 'bankAccount.iban'],
      [{ ...DE_PAYOUT, bankAccount: { country: 'DE', accountHolderName: 'Contoso GmbH', swiftBic: 'DEUTDEFF', accountNumber: '12345678' } }, 'ValidationFailed', 'bankAccount.accountNumber'],
      [{ ...DE_PAYOUT, payoutCurrency: 'XYZ' }, 'ValidationFailed', 'payoutCurrency'],
      [{ payoutCurrency: 'EUR' }, 'ValidationFailed', 'bankAccount'],
    ];
    for (const [payload, code, target] of cases) {
      const res = await send('PUT', payoutUrl(pub), pub.owner, payload);
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(res.json().error).toMatchObject({ code, target });
    }
    // Every problem is reported: SWIFT details for a bank account in an IBAN country, and the missing IBAN.
    const swift = await send('PUT', payoutUrl(pub), pub.owner, cases[3]![0]);
    expect(swift.json().error.details.map((d: { target: string }) => d.target)).toEqual(['bankAccount.accountNumber', 'bankAccount.swiftBic', 'bankAccount.iban']);
    expect(await count('accounts_payout_profile', pub.accountId)).toBe(0);
    expect(await jobs(PAYOUT_VERIFICATION_TOPIC, pub.accountId)).toEqual([]);
  });

  it('masks the IBAN and US account numbers but their last 4 characters', async () => {
    const de = await createPublisher(t);
    await send('PUT', taxUrl(de), de.owner, DE_TAX);
    const created = await send('PUT', payoutUrl(de), de.owner, DE_PAYOUT);
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({
      status: 'Submitted',
      payoutCurrency: 'EUR',
      bankReference: 'IBAN ****3000',
      bankAccount: { country: 'DE', scheme: 'IBAN', ibanMasked: '****3000', accountNumberMasked: null },
      holdPayment: false,
    });
    expect(created.body).not.toMatch(/370400440532013000|3704 0044/);

    const us = await createPublisher(t);
    await send('PUT', taxUrl(us), us.owner, US_TAX);
    const res = await send('PUT', payoutUrl(us), us.owner, US_PAYOUT);
    expect(res.json()).toMatchObject({
      bankReference: 'ABA 021000021 ****6789',
      bankAccount: { scheme: 'ABA', routingNumber: '021000021', accountNumberMasked: '****6789', accountType: 'checking', ibanMasked: null },
    });
    expect(res.body).not.toContain('000123456789');
    expect((await send('GET', payoutUrl(us), us.owner)).body).not.toContain('000123456789');
    const bad = await send('PUT', payoutUrl(us), us.owner, { ...US_PAYOUT, bankAccount: { ...US_PAYOUT.bankAccount, routingNumber: '021000022' } });
    expect(bad.json().error.target).toBe('bankAccount.routingNumber');
  });

  it('is verified by the job; new bank details reverify it (payouts wait), a new currency alone does not', async () => {
    const pub = await readyPublisher();
    const month = '2030-12';
    expect(await t.services.accounts.payoutEligibility(t.database.db, pub.accountId, month)).toMatchObject({ eligible: true, payoutCurrency: 'EUR', bankReference: 'IBAN ****3000' });

    const currency = await send('PUT', payoutUrl(pub), pub.owner, { payoutCurrency: 'usd' });
    expect(currency.json()).toMatchObject({ status: 'Verified', payoutCurrency: 'USD', revision: 1, history: [{ action: 'ChangeCurrency', reason: 'EUR → USD' }, {}, {}] });
    expect(await t.services.accounts.payoutCurrency(t.database.db, pub.accountId)).toBe('USD');

    const changed = await send('PUT', payoutUrl(pub), pub.owner, { payoutCurrency: 'USD', bankAccount: { country: 'DE', accountHolderName: 'Contoso GmbH', iban: 'DE02370400440532013014' } });
    expect(changed.json()).toMatchObject({ status: 'Reverifying', revision: 2, bankReference: 'IBAN ****3014', verificationDueAt: new Date(t.clock.now().getTime() + 24 * HOUR).toISOString() });
    expect(await payoutEligibility(t.database.db, pub.accountId, month)).toMatchObject({ eligible: false, reason: 'PayoutProfileNotVerified', bankReference: 'IBAN ****3014' });
    t.clock.advance(24 * HOUR);
    await t.runner.drain();
    expect((await send('GET', payoutUrl(pub), pub.owner)).json()).toMatchObject({ status: 'Verified', verificationDueAt: null, verifiedAt: t.clock.now().toISOString() });
    expect((await payoutEligibility(t.database.db, pub.accountId, month)).eligible).toBe(true);
  });

  it("is rejected when the tax profile's country of residence moves away from the bank account", async () => {
    const pub = await readyPublisher();
    const moved = await send('PUT', taxUrl(pub), pub.owner, { ...DE_TAX, countryOfResidence: 'FR', address: { line1: '1 rue de Rivoli', city: 'Paris', postalCode: '75001' } });
    expect(moved.statusCode).toBe(200);
    const payout = (await send('GET', payoutUrl(pub), pub.owner)).json();
    expect(payout).toMatchObject({ status: 'Rejected', statusReason: expect.stringMatching(/now FR, but the bank account is in DE/) });
    const fixed = await send('PUT', payoutUrl(pub), pub.owner, { payoutCurrency: 'EUR', bankAccount: { country: 'FR', accountHolderName: 'Contoso GmbH', iban: 'FR14 2004 1010 0505 0001 3M02 606' } });
    expect(fixed.json()).toMatchObject({ status: 'Submitted', revision: 2 });
  });

  it('takes operator decisions on the bank account', async () => {
    const pub = await createPublisher(t);
    await send('PUT', taxUrl(pub), pub.owner, DE_TAX);
    await send('PUT', payoutUrl(pub), pub.owner, DE_PAYOUT);
    const admin = `/api/admin/accounts/${pub.accountId}/payout-profile`;
    expect((await send('POST', `${admin}/reject`, operator, { reason: 'The account holder is not the publisher.' })).json()).toMatchObject({ status: 'Rejected' });
    expect((await send('POST', `${admin}/reject`, operator, { reason: 'again' })).statusCode).toBe(409);
    expect((await send('POST', `${admin}/verify`, operator, {})).json()).toMatchObject({ status: 'Verified', statusReason: null });
  });
});

describe('payout hold and eligibility', () => {
  it("set On at March 31 23:59 holds April's payout; set On at April 1 00:00 holds May's, not April's", async () => {
    const march = await readyPublisher();
    const april = await readyPublisher();
    t.clock.set(new Date('2031-03-31T23:59:00Z'));
    const held = await send('PATCH', payoutUrl(march), march.owner, { holdPayment: true });
    expect(held.statusCode).toBe(200);
    expect(held.json()).toMatchObject({
      holdPayment: true,
      hold: { currentPayoutMonth: '2031-03', currentPayoutHeld: false, nextPayoutMonth: '2031-04', nextPayoutHeld: true, nextCutOff: '2031-04-01T00:00:00.000Z' },
      holdHistory: [{ holdPayment: true, changedAt: '2031-03-31T23:59:00.000Z', changedBy: march.ownerId }],
    });
    t.clock.set(new Date('2031-04-01T00:00:00Z'));
    await send('PATCH', payoutUrl(april), april.owner, { holdPayment: true });

    expect(await payoutEligibility(t.database.db, march.accountId, '2031-04')).toEqual({
      accountId: march.accountId,
      payoutMonth: '2031-04',
      eligible: false,
      reason: 'PayoutHold',
      payoutCurrency: 'EUR',
      withholdingRate: '30.00',
      bankReference: 'IBAN ****3000',
      hold: true,
    });
    expect(await payoutEligibility(t.database.db, april.accountId, '2031-04')).toMatchObject({ eligible: true, hold: false });
    expect(await payoutEligibility(t.database.db, april.accountId, new Date('2031-05-15T00:00:00Z'))).toMatchObject({ payoutMonth: '2031-05', eligible: false, reason: 'PayoutHold' });
    expect(await t.services.accounts.payoutHold(t.database.db, march.accountId, '2031-03')).toBe(false);

    // Off before the end of May: June is paid; the history keeps every change with its time; the same value twice adds nothing.
    t.clock.set(new Date('2031-05-31T12:00:00Z'));
    await send('PATCH', payoutUrl(march), march.owner, { holdPayment: false });
    const off = await send('PATCH', payoutUrl(march), march.owner, { holdPayment: false });
    expect(off.json().holdHistory).toEqual([
      { holdPayment: true, changedAt: '2031-03-31T23:59:00.000Z', changedBy: march.ownerId },
      { holdPayment: false, changedAt: '2031-05-31T12:00:00.000Z', changedBy: march.ownerId },
    ]);
    expect(off.json().hold).toMatchObject({ currentPayoutMonth: '2031-05', currentPayoutHeld: true, nextPayoutMonth: '2031-06', nextPayoutHeld: false });
    expect((await payoutEligibility(t.database.db, march.accountId, '2031-05')).reason).toBe('PayoutHold');
    expect((await payoutEligibility(t.database.db, march.accountId, '2031-06')).eligible).toBe(true);
  });

  it('gives the first reason an account is not paid, in order', async () => {
    const pub = await createPublisher(t);
    const month = '2031-08';
    expect(await payoutEligibility(t.database.db, pub.accountId, month)).toEqual({
      accountId: pub.accountId,
      payoutMonth: month,
      eligible: false,
      reason: 'NoTaxProfile',
      payoutCurrency: null,
      withholdingRate: null,
      bankReference: null,
      hold: false,
    });
    await send('PUT', taxUrl(pub), pub.owner, US_TAX);
    expect(await payoutEligibility(t.database.db, pub.accountId, month)).toMatchObject({ reason: 'TaxProfileNotValidated', withholdingRate: '0.00' });
    await send('PUT', payoutUrl(pub), pub.owner, US_PAYOUT);
    expect((await payoutEligibility(t.database.db, pub.accountId, month)).reason).toBe('TaxProfileNotValidated');
    await send('POST', `/api/admin/accounts/${pub.accountId}/tax-profile/validate`, operator, {});
    expect((await payoutEligibility(t.database.db, pub.accountId, month)).reason).toBe('PayoutProfileNotVerified');
    await send('POST', `/api/admin/accounts/${pub.accountId}/payout-profile/verify`, operator, {});
    expect(await payoutEligibility(t.database.db, pub.accountId, month)).toMatchObject({ eligible: true, payoutCurrency: 'USD', withholdingRate: '0.00', bankReference: 'ABA 021000021 ****6789' });
    expect('reason' in (await payoutEligibility(t.database.db, pub.accountId, month))).toBe(false);

    const noPayout = await createPublisher(t);
    await send('PUT', taxUrl(noPayout), noPayout.owner, DE_TAX);
    await send('POST', `/api/admin/accounts/${noPayout.accountId}/tax-profile/validate`, operator, {});
    expect(await payoutEligibility(t.database.db, noPayout.accountId, month)).toMatchObject({ reason: 'NoPayoutProfile', withholdingRate: '30.00', payoutCurrency: null });
    await expect(payoutEligibility(t.database.db, pub.accountId, '2031-13')).rejects.toThrow(RangeError);
  });
});

describe('reference data', () => {
  it('lists the supported publisher countries with the bank details each takes', async () => {
    const pub = await createPublisher(t);
    const res = await send('GET', '/api/finance/reference', pub.owner);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.publisherCountries).toHaveLength(243);
    expect(body.publisherCountries).toContainEqual({ code: 'DE', name: 'Germany', bankScheme: 'IBAN', ibanPrefix: 'DE', ibanLength: 22 });
    expect(body.publisherCountries).toContainEqual({ code: 'RE', name: 'Réunion', bankScheme: 'IBAN', ibanPrefix: 'FR', ibanLength: 27 });
    expect(body.publisherCountries).toContainEqual({ code: 'US', name: 'United States', bankScheme: 'ABA', ibanPrefix: null, ibanLength: null });
    expect(body.publisherCountries).toContainEqual({ code: 'JP', name: 'Japan', bankScheme: 'SWIFT', ibanPrefix: null, ibanLength: null });
    expect(body.payoutCurrencies).toHaveLength(16);
    expect(body.citizenshipCountries).toContainEqual({ code: 'CN', name: 'China' });
    expect((await t.app.inject({ url: '/api/finance/reference' })).statusCode).toBe(401);
  });
});
