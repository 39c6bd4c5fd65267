/**
 * Bank accounts for payouts: which details a country's bank account takes, and their checks. Pure functions, no I/O.
 *
 * - IBAN countries (the SWIFT IBAN registry, plus territories whose banks issue IBANs under another country's prefix):
 *   the IBAN, checked for its country's length and the ISO 13616 / ISO 7064 MOD 97-10 check digits.
 * - The United States and its territories, whose banks are on the US clearing system: an ABA routing number
 *   (9 digits, a Federal Reserve prefix, the ABA check digit), an account number of 4 to 17 digits and the account
 *   type (checking or savings).
 * - Every other country: the bank's SWIFT/BIC code (ISO 9362) and the account number.
 *
 * The bank account must be in the publisher's country (reference L1262): the IBAN's or BIC's country code must be the
 * bank account's country (or the country whose banking system the territory uses).
 */

export type BankScheme = 'IBAN' | 'ABA' | 'SWIFT';
export type AccountType = 'checking' | 'savings';

/** IBAN length by country code (SWIFT IBAN registry). */
export const IBAN_LENGTHS: Readonly<Record<string, number>> = Object.freeze({
  AD: 24, AE: 23, AL: 28, AT: 20, AZ: 28, BA: 20, BE: 16, BG: 22, BH: 22, BI: 27, BR: 29, BY: 28, CH: 21, CR: 22,
  CY: 28, CZ: 24, DE: 22, DJ: 27, DK: 18, DO: 28, EE: 20, EG: 29, ES: 24, FI: 18, FK: 18, FO: 18, FR: 27, GB: 22,
  GE: 22, GI: 23, GL: 18, GR: 27, GT: 28, HN: 28, HR: 21, HU: 28, IE: 22, IL: 23, IQ: 23, IS: 26, IT: 27, JO: 30,
  KW: 30, KZ: 20, LB: 28, LC: 32, LI: 21, LT: 20, LU: 20, LV: 21, LY: 25, MC: 27, MD: 24, ME: 22, MK: 19, MN: 20,
  MR: 27, MT: 31, MU: 30, NI: 28, NL: 18, NO: 15, OM: 23, PK: 24, PL: 28, PS: 29, PT: 25, QA: 29, RO: 24, RS: 22,
  RU: 33, SA: 24, SC: 31, SD: 18, SE: 24, SI: 19, SK: 24, SM: 27, SO: 23, ST: 25, SV: 28, TL: 23, TN: 24, TR: 26,
  UA: 29, VA: 22, VG: 24, XK: 20, YE: 30,
});

/**
 * Territories without an IBAN prefix of their own whose banks issue IBANs of another country (the registry lists
 * them under it): the French overseas departments and collectivities under FR, Åland under FI, the Crown
 * Dependencies under GB, Svalbard and Jan Mayen under NO.
 */
export const IBAN_PREFIX_OF: Readonly<Record<string, string>> = Object.freeze({
  BL: 'FR', GF: 'FR', GP: 'FR', MF: 'FR', MQ: 'FR', NC: 'FR', PF: 'FR', PM: 'FR', RE: 'FR', TF: 'FR', WF: 'FR', YT: 'FR',
  AX: 'FI',
  GG: 'GB', IM: 'GB', JE: 'GB',
  SJ: 'NO',
});

/** The United States and the territories whose banks have ABA routing numbers. */
export const ABA_COUNTRIES: readonly string[] = Object.freeze(['US', 'PR', 'GU', 'VI', 'AS', 'MP', 'UM']);

/**
 * Territories without banks of their own (SWIFT countries): the countries whose banks serve them, whose BICs are
 * accepted for them.
 */
export const BIC_COUNTRIES_OF: Readonly<Record<string, readonly string[]>> = Object.freeze({
  AQ: ['NZ', 'AU', 'NO'],
  BV: ['NO'],
  CC: ['AU'],
  CX: ['AU'],
  GS: ['FK', 'GB'],
  HM: ['AU'],
  IO: ['GB'],
  NF: ['AU'],
  NU: ['NZ'],
  PN: ['NZ'],
  TK: ['NZ'],
});

export function bankSchemeOf(country: string): BankScheme {
  if (ABA_COUNTRIES.includes(country)) return 'ABA';
  if (IBAN_LENGTHS[country] !== undefined || IBAN_PREFIX_OF[country] !== undefined) return 'IBAN';
  return 'SWIFT';
}

/** The IBAN country prefix a bank account in `country` has (its own, or the one its territory uses). */
export function ibanPrefixFor(country: string): string | undefined {
  if (IBAN_LENGTHS[country] !== undefined) return country;
  return IBAN_PREFIX_OF[country];
}

/** The IBAN's electronic form: no spaces, upper case. */
export const normalizeIban = (raw: string): string => raw.replace(/\s+/g, '').toUpperCase();

/** ISO 7064 MOD 97-10 over the rearranged IBAN (letters A-Z as 10-35): a valid IBAN leaves 1. */
export function ibanChecksumValid(iban: string): boolean {
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]+$/.test(iban)) return false;
  const rearranged = iban.slice(4) + iban.slice(0, 4);
  let remainder = 0;
  for (const ch of rearranged) {
    const code = ch.charCodeAt(0);
    const value = code >= 65 ? String(code - 55) : ch;
    for (const digit of value) remainder = (remainder * 10 + (digit.charCodeAt(0) - 48)) % 97;
  }
  return remainder === 1;
}

/** Why an IBAN is not acceptable for a bank account in `country`, or undefined when it is. */
export function ibanProblem(raw: string, country: string): string | undefined {
  const iban = normalizeIban(raw);
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{1,30}$/.test(iban))
    return 'An IBAN is 2 letters (the country), 2 check digits and up to 30 letters and digits.';
  const prefix = ibanPrefixFor(country);
  const code = iban.slice(0, 2);
  if (prefix === undefined) return `Bank accounts in ${country} have no IBAN.`;
  if (code !== prefix) return `The IBAN is of ${code}, but the bank account must be in ${country}: its IBAN starts with ${prefix}.`;
  const length = IBAN_LENGTHS[code]!;
  if (iban.length !== length) return `An IBAN of ${code} has ${length} characters; this one has ${iban.length}.`;
  // ISO 13616: the check digits are 02 to 98 (00, 01 and 99 pass MOD 97 for some numbers but are never issued).
  const check = Number(iban.slice(2, 4));
  if (check < 2 || check > 98 || !ibanChecksumValid(iban)) return 'The IBAN check digits do not match: check it for a mistyped character.';
  return undefined;
}

/** The Federal Reserve routing symbol prefixes of ABA numbers: 01-12 (banks), 21-32 (thrifts), 61-72 (electronic), 80 (traveler's checks). */
function abaPrefixValid(prefix: number): boolean {
  return (prefix >= 1 && prefix <= 12) || (prefix >= 21 && prefix <= 32) || (prefix >= 61 && prefix <= 72) || prefix === 80;
}

/** An ABA routing number: 9 digits, a valid prefix, and 3·(d1+d4+d7) + 7·(d2+d5+d8) + (d3+d6+d9) ≡ 0 (mod 10). */
export function abaRoutingValid(routing: string): boolean {
  if (!/^\d{9}$/.test(routing)) return false;
  if (!abaPrefixValid(Number(routing.slice(0, 2)))) return false;
  const d = [...routing].map(Number);
  const sum = 3 * (d[0]! + d[3]! + d[6]!) + 7 * (d[1]! + d[4]! + d[7]!) + (d[2]! + d[5]! + d[8]!);
  return sum % 10 === 0;
}

/** ISO 9362 BIC: institution (4 letters), country (2 letters), location (2 letters or digits), optional branch (3). */
export const BIC = /^[A-Z]{4}[A-Z]{2}[A-Z0-9]{2}([A-Z0-9]{3})?$/;

/** Why a BIC is not acceptable for a bank account in `country`, or undefined when it is. */
export function bicProblem(raw: string, country: string): string | undefined {
  const bic = raw.trim().toUpperCase();
  if (!BIC.test(bic)) return 'A SWIFT/BIC code is 8 or 11 characters: 4 letters (the bank), 2 letters (the country), 2 letters or digits (the location), and an optional 3-character branch.';
  // A location code whose second character is 0 marks a test BIC, which no real payment uses.
  if (bic[7] === '0') return `${bic} is a test BIC (its location code ends in 0); give the bank's live SWIFT/BIC code.`;
  const accepted = [country, ...(BIC_COUNTRIES_OF[country] ?? [])];
  const code = bic.slice(4, 6);
  if (!accepted.includes(code)) return `The SWIFT/BIC code is of a bank in ${code}, but the bank account must be in ${country}.`;
  return undefined;
}

export interface BankAccountInput {
  country: string;
  accountHolderName: string;
  iban?: string | undefined;
  routingNumber?: string | undefined;
  accountNumber?: string | undefined;
  accountType?: string | undefined;
  swiftBic?: string | undefined;
}

/** A checked bank account in normal form; the fields of the other schemes are null. */
export interface BankAccount {
  country: string;
  accountHolderName: string;
  scheme: BankScheme;
  iban: string | null;
  routingNumber: string | null;
  accountNumber: string | null;
  accountType: AccountType | null;
  swiftBic: string | null;
}

export interface BankIssue {
  code: 'ValidationFailed';
  message: string;
  target: string;
}

const FIELDS_BY_SCHEME: Record<BankScheme, readonly (keyof BankAccountInput)[]> = {
  IBAN: ['iban'],
  ABA: ['routingNumber', 'accountNumber', 'accountType'],
  SWIFT: ['swiftBic', 'accountNumber'],
};
const SCHEME_FIELDS = ['iban', 'routingNumber', 'accountNumber', 'accountType', 'swiftBic'] as const;
const HOLDER_NAME = /^[^\p{Cc}\p{Cf}]{1,140}$/u;

/**
 * Checks a bank account for `country` (whose scheme decides which fields it takes) and returns it in normal form, or
 * every problem found, each with its field under `target` (prefixed with `prefix`).
 */
export function checkBankAccount(input: BankAccountInput, prefix = 'bankAccount'): { ok: true; value: BankAccount } | { ok: false; issues: BankIssue[] } {
  const issues: BankIssue[] = [];
  const issue = (field: string, message: string) => issues.push({ code: 'ValidationFailed', message, target: `${prefix}.${field}` });
  const country = input.country.trim().toUpperCase();
  const scheme = bankSchemeOf(country);
  const holder = input.accountHolderName.trim().replace(/\s+/g, ' ');
  if (!HOLDER_NAME.test(holder)) issue('accountHolderName', 'The account holder name must be 1 to 140 characters, without control characters.');

  const wanted = FIELDS_BY_SCHEME[scheme];
  const given = (field: keyof BankAccountInput) => typeof input[field] === 'string' && (input[field] as string).trim() !== '';
  for (const field of SCHEME_FIELDS)
    if (!wanted.includes(field) && given(field))
      issue(field, `${field} is not part of a bank account in ${country}: ${scheme === 'IBAN' ? 'give the IBAN only' : scheme === 'ABA' ? 'give the ABA routing number, the account number and the account type' : 'give the SWIFT/BIC code and the account number'}.`);
  for (const field of wanted) if (!given(field)) issue(field, `A bank account in ${country} needs ${LABELS[field]}.`);

  const account: BankAccount = { country, accountHolderName: holder, scheme, iban: null, routingNumber: null, accountNumber: null, accountType: null, swiftBic: null };
  if (scheme === 'IBAN' && given('iban')) {
    const problem = ibanProblem(input.iban!, country);
    if (problem) issue('iban', problem);
    account.iban = normalizeIban(input.iban!);
  }
  if (scheme === 'ABA') {
    if (given('routingNumber')) {
      const routing = input.routingNumber!.trim();
      if (!abaRoutingValid(routing)) issue('routingNumber', 'An ABA routing number is 9 digits with a valid Federal Reserve prefix and check digit: check it for a mistyped digit.');
      account.routingNumber = routing;
    }
    if (given('accountNumber')) {
      const number = input.accountNumber!.trim();
      if (!/^\d{4,17}$/.test(number)) issue('accountNumber', 'A US bank account number is 4 to 17 digits.');
      account.accountNumber = number;
    }
    if (given('accountType')) {
      const type = input.accountType!.trim().toLowerCase();
      if (type !== 'checking' && type !== 'savings') issue('accountType', 'The account type is checking or savings.');
      else account.accountType = type;
    }
  }
  if (scheme === 'SWIFT') {
    if (given('swiftBic')) {
      const problem = bicProblem(input.swiftBic!, country);
      if (problem) issue('swiftBic', problem);
      account.swiftBic = input.swiftBic!.trim().toUpperCase();
    }
    if (given('accountNumber')) {
      const number = input.accountNumber!.replace(/[\s-]+/g, '').toUpperCase();
      if (!/^[A-Z0-9]{4,34}$/.test(number)) issue('accountNumber', 'The account number is 4 to 34 letters and digits (spaces and hyphens are ignored).');
      account.accountNumber = number;
    }
  }
  return issues.length ? { ok: false, issues } : { ok: true, value: account };
}

const LABELS: Record<string, string> = {
  iban: 'an IBAN',
  routingNumber: 'an ABA routing number',
  accountNumber: 'an account number',
  accountType: 'an account type (checking or savings)',
  swiftBic: 'a SWIFT/BIC code',
};

/** Masks all but the last 4 characters, and never shows more than the value's length minus 4 (short numbers stay hidden). */
export function maskTail(value: string): string {
  const visible = Math.min(4, Math.max(0, value.length - 4));
  return `****${visible ? value.slice(-visible) : ''}`;
}

/** The account's identification with its secret part masked, e.g. "IBAN ****3000", "ABA 021000021 ****6789". */
export function bankReference(account: BankAccount): string {
  if (account.scheme === 'IBAN') return `IBAN ${maskTail(account.iban ?? '')}`;
  if (account.scheme === 'ABA') return `ABA ${account.routingNumber} ${maskTail(account.accountNumber ?? '')}`;
  return `SWIFT ${account.swiftBic} ${maskTail(account.accountNumber ?? '')}`;
}

/** True when two accounts are the same bank account for the same holder (a change of either needs verification). */
export function sameBankAccount(a: BankAccount, b: BankAccount): boolean {
  return (
    a.country === b.country &&
    a.accountHolderName === b.accountHolderName &&
    a.scheme === b.scheme &&
    a.iban === b.iban &&
    a.routingNumber === b.routingNumber &&
    a.accountNumber === b.accountNumber &&
    a.accountType === b.accountType &&
    a.swiftBic === b.swiftBic
  );
}
