import { describe, expect, it } from 'vitest';
import {
  IBAN_LENGTHS,
  abaRoutingValid,
  bankReference,
  bankSchemeOf,
  bicProblem,
  checkBankAccount,
  ibanChecksumValid,
  ibanProblem,
  maskTail,
  sameBankAccount,
} from './bank-account.js';
import { PUBLISHER_COUNTRIES } from './finance.countries.js';

describe('IBAN', () => {
  it('accepts known-good IBANs of several countries, with or without spaces, in any case', () => {
    expect(ibanProblem('DE89 3704 0044 0532 0130 00', 'DE')).toBeUndefined();
    expect(ibanProblem('gb29nwbk60161331926819', 'GB')).toBeUndefined();
    expect(ibanProblem('FR14 2004 1010 0505 0001 3M02 606', 'FR')).toBeUndefined();
    expect(ibanProblem('NO93 8601 1117 947', 'NO')).toBeUndefined(); // the shortest: 15
    expect(ibanProblem('CH93 0076 2011 6238 5295 7', 'CH')).toBeUndefined();
    expect(ibanProblem('BE68 5390 0754 7034', 'BE')).toBeUndefined();
    expect(ibanProblem('XK05 1212 0123 4567 8906', 'XK')).toBeUndefined();
  });

  it('refuses an IBAN one digit off, in the check digits or in the account number', () => {
    expect(ibanProblem('DE89 3704 0044 0532 0130 01', 'DE')).toMatch(/check digits/);
    expect(ibanProblem('DE88 3704 0044 0532 0130 00', 'DE')).toMatch(/check digits/);
    expect(ibanChecksumValid('DE89370400440532013000')).toBe(true);
    expect(ibanChecksumValid('DE89370400440532013001')).toBe(false);
    // Two adjacent digits swapped: MOD 97 catches it too.
    expect(ibanChecksumValid('DE89370400440532010300')).toBe(false);
  });

  it('refuses check digits 00, 01 and 99 even where MOD 97 would pass', () => {
    // 02 and 99 differ by 97: the same account passes MOD 97 with either; ISO 13616 never issues 99.
    expect(ibanProblem('DE02370400440532013014', 'DE')).toBeUndefined();
    expect(ibanChecksumValid('DE99370400440532013014')).toBe(true);
    expect(ibanProblem('DE99370400440532013014', 'DE')).toMatch(/check digits/);
  });

  it("checks the country's length, one character short or long", () => {
    expect(ibanProblem('DE89 3704 0044 0532 0130 0', 'DE')).toMatch(/22 characters; this one has 21/);
    expect(ibanProblem('DE89 3704 0044 0532 0130 000', 'DE')).toMatch(/22 characters; this one has 23/);
  });

  it('wants the IBAN of the bank account country, or of the country whose IBANs a territory uses', () => {
    expect(ibanProblem('DE89 3704 0044 0532 0130 00', 'FR')).toMatch(/IBAN is of DE.*must be in FR/);
    expect(ibanProblem('FR14 2004 1010 0505 0001 3M02 606', 'RE')).toBeUndefined();
    expect(ibanProblem('GB29 NWBK 6016 1331 9268 19', 'JE')).toBeUndefined();
    expect(ibanProblem('DE89 3704 0044 0532 0130 00', 'US')).toMatch(/no IBAN/);
  });

  it('refuses malformed IBANs', () => {
    expect(ibanProblem('', 'DE')).toMatch(/2 letters/);
    expect(ibanProblem('DEXX370400440532013000', 'DE')).toMatch(/2 letters/);
    expect(ibanProblem('DE89-3704-0044-0532-0130-00', 'DE')).toMatch(/2 letters/);
  });

  it('has a sane length table', () => {
    for (const [country, length] of Object.entries(IBAN_LENGTHS)) {
      expect(country).toMatch(/^[A-Z]{2}$/);
      expect(length).toBeGreaterThanOrEqual(15);
      expect(length).toBeLessThanOrEqual(34);
    }
  });
});

describe('ABA routing number', () => {
  it('accepts routing numbers with a valid prefix and check digit', () => {
    expect(abaRoutingValid('021000021')).toBe(true);
    expect(abaRoutingValid('011000015')).toBe(true);
    expect(abaRoutingValid('121000358')).toBe(true);
    expect(abaRoutingValid('026009593')).toBe(true);
  });

  it('refuses one digit off, wrong lengths, letters, and prefixes outside the Federal Reserve ranges', () => {
    expect(abaRoutingValid('021000022')).toBe(false);
    expect(abaRoutingValid('021000012')).toBe(false);
    expect(abaRoutingValid('02100002')).toBe(false);
    expect(abaRoutingValid('0210000210')).toBe(false);
    expect(abaRoutingValid('02100002A')).toBe(false);
    // 000000000 and 130000000-like numbers pass the checksum but have no valid prefix (00, 13).
    expect(abaRoutingValid('000000000')).toBe(false);
    expect(abaRoutingValid('131000000')).toBe(false);
  });
});

describe('SWIFT/BIC', () => {
  it('accepts 8- and 11-character BICs of the bank country, in any case', () => {
    expect(bicProblem('HSBCHKHH', 'HK')).toBeUndefined();
    expect(bicProblem('hsbchkhhhkh', 'HK')).toBeUndefined();
    expect(bicProblem('BOFAUS3N', 'US')).toBeUndefined();
  });

  it('refuses other lengths, digits in the bank or country code, and test BICs', () => {
    expect(bicProblem('HSBCHKH', 'HK')).toMatch(/8 or 11/);
    expect(bicProblem('HSBCHKHH1', 'HK')).toMatch(/8 or 11/);
    expect(bicProblem('HSBCHKHH1234', 'HK')).toMatch(/8 or 11/);
    expect(bicProblem('HSB1HKHH', 'HK')).toMatch(/8 or 11/);
    expect(bicProblem('HSBCH1HH', 'HK')).toMatch(/8 or 11/);
    expect(bicProblem('HSBCHKH0', 'HK')).toMatch(/test BIC/);
  });

  it("wants a bank in the account's country (territories: the countries whose banks serve them)", () => {
    expect(bicProblem('CHASUS33', 'HK')).toMatch(/bank in US.*must be in HK/);
    expect(bicProblem('ANZBAU3M', 'CX')).toBeUndefined();
  });
});

describe('bank accounts by country', () => {
  it('takes an IBAN in IBAN countries, ABA details in the US and its territories, SWIFT elsewhere', () => {
    expect(bankSchemeOf('DE')).toBe('IBAN');
    expect(bankSchemeOf('RE')).toBe('IBAN');
    expect(bankSchemeOf('US')).toBe('ABA');
    expect(bankSchemeOf('PR')).toBe('ABA');
    expect(bankSchemeOf('CA')).toBe('SWIFT');
    expect(bankSchemeOf('JP')).toBe('SWIFT');
    // Every supported publisher country has a scheme, and IBAN countries have a length.
    for (const code of PUBLISHER_COUNTRIES.keys()) expect(['IBAN', 'ABA', 'SWIFT']).toContain(bankSchemeOf(code));
  });

  it('normalizes a valid account of each scheme', () => {
    expect(checkBankAccount({ country: 'de', accountHolderName: '  Contoso   GmbH ', iban: 'de89 3704 0044 0532 0130 00' })).toEqual({
      ok: true,
      value: { country: 'DE', accountHolderName: 'Contoso GmbH', scheme: 'IBAN', iban: 'DE89370400440532013000', routingNumber: null, accountNumber: null, accountType: null, swiftBic: null },
    });
    expect(checkBankAccount({ country: 'US', accountHolderName: 'Contoso Inc.', routingNumber: '021000021', accountNumber: '000123456789', accountType: 'Checking' })).toMatchObject({
      ok: true,
      value: { scheme: 'ABA', routingNumber: '021000021', accountNumber: '000123456789', accountType: 'checking' },
    });
    expect(checkBankAccount({ country: 'JP', accountHolderName: 'Contoso KK', swiftBic: 'mhcbjpjt', accountNumber: '123-4567 890' })).toMatchObject({
      ok: true,
      value: { scheme: 'SWIFT', swiftBic: 'MHCBJPJT', accountNumber: '1234567890' },
    });
  });

  it('checks US account numbers at 4 and 17 digits', () => {
    const us = (accountNumber: string) => checkBankAccount({ country: 'US', accountHolderName: 'A', routingNumber: '021000021', accountNumber, accountType: 'savings' }).ok;
    expect(us('1234')).toBe(true);
    expect(us('123')).toBe(false);
    expect(us('12345678901234567')).toBe(true);
    expect(us('123456789012345678')).toBe(false);
    expect(us('12345a')).toBe(false);
  });

  it("reports each missing field and each field of another country's scheme", () => {
    const result = checkBankAccount({ country: 'DE', accountHolderName: '', routingNumber: '021000021', swiftBic: 'DEUTDEFF' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues.map((i) => i.target).sort()).toEqual(['bankAccount.accountHolderName', 'bankAccount.iban', 'bankAccount.routingNumber', 'bankAccount.swiftBic']);
    const us = checkBankAccount({ country: 'US', accountHolderName: 'A', routingNumber: '021000021', accountNumber: '1234', accountType: 'brokerage' });
    expect(us.ok ? [] : us.issues.map((i) => i.target)).toEqual(['bankAccount.accountType']);
  });

  it('masks all but the last 4 characters, and short values entirely', () => {
    expect(maskTail('DE89370400440532013000')).toBe('****3000');
    expect(maskTail('12345678')).toBe('****5678');
    expect(maskTail('1234567')).toBe('****567');
    expect(maskTail('1234')).toBe('****');
    expect(bankReference({ country: 'US', accountHolderName: 'A', scheme: 'ABA', iban: null, routingNumber: '021000021', accountNumber: '000123456789', accountType: 'checking', swiftBic: null })).toBe(
      'ABA 021000021 ****6789',
    );
  });

  it('tells a change of bank details from the same account', () => {
    const a = checkBankAccount({ country: 'DE', accountHolderName: 'A', iban: 'DE89370400440532013000' });
    const b = checkBankAccount({ country: 'DE', accountHolderName: 'A', iban: 'DE89 3704 0044 0532 0130 00' });
    const c = checkBankAccount({ country: 'DE', accountHolderName: 'B', iban: 'DE89370400440532013000' });
    if (!a.ok || !b.ok || !c.ok) throw new Error('setup');
    expect(sameBankAccount(a.value, b.value)).toBe(true);
    expect(sameBankAccount(a.value, c.value)).toBe(false);
  });
});
