/**
 * The checks the portal runs on bank details before sending them, so that a mistyped IBAN or routing number is
 * caught in the form. The server checks everything again; these are the browser's own copy (nothing is shared with
 * the server's code), fed by the country data of GET /api/finance/reference.
 */

/** An IBAN in its electronic form: no spaces, upper case. */
export const normalizeIban = (raw: string): string => raw.replace(/\s+/g, '').toUpperCase();

/** An IBAN in groups of four, as printed on statements: "DE89 3704 0044 0532 0130 00". */
export function formatIban(raw: string): string {
  return normalizeIban(raw).replace(/(.{4})(?=.)/g, '$1 ');
}

/** ISO 7064 MOD 97-10 over the IBAN moved 4 characters to the left, letters as 10-35: a valid IBAN leaves 1. */
export function ibanRemainder(iban: string): number {
  const rearranged = iban.slice(4) + iban.slice(0, 4);
  let remainder = 0;
  for (const ch of rearranged) {
    const digits = /[A-Z]/.test(ch) ? String(ch.charCodeAt(0) - 55) : ch;
    for (const d of digits) remainder = (remainder * 10 + Number(d)) % 97;
  }
  return remainder;
}

/**
 * What is wrong with an IBAN for a bank account whose IBANs start with `prefix` and have `length` characters, or
 * undefined when nothing is.
 */
export function ibanProblem(raw: string, prefix: string, length: number): string | undefined {
  const iban = normalizeIban(raw);
  if (!iban) return 'Enter the IBAN.';
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]+$/.test(iban)) return 'An IBAN starts with 2 letters and 2 digits, followed by letters and digits only.';
  if (iban.slice(0, 2) !== prefix) return `An IBAN for this country starts with ${prefix}.`;
  if (iban.length !== length) return `An IBAN for this country has ${length} characters; this one has ${iban.length}.`;
  const check = Number(iban.slice(2, 4));
  if (check < 2 || check > 98 || ibanRemainder(iban) !== 1) return 'This IBAN is not valid: check it for a mistyped character.';
  return undefined;
}

/** What is wrong with an ABA routing number, or undefined: 9 digits whose weighted sum (3, 7, 1, ...) is a multiple of 10. */
export function routingProblem(raw: string): string | undefined {
  const routing = raw.trim();
  if (!/^\d{9}$/.test(routing)) return 'A routing number has 9 digits.';
  const d = [...routing].map(Number);
  const sum = 3 * (d[0]! + d[3]! + d[6]!) + 7 * (d[1]! + d[4]! + d[7]!) + (d[2]! + d[5]! + d[8]!);
  if (sum % 10 !== 0) return 'This routing number is not valid: check it for a mistyped digit.';
  return undefined;
}

/**
 * What is wrong with a SWIFT/BIC code's layout, or undefined: 8 or 11 characters, 4 letters for the bank and 2 for its
 * country. (Whether the bank is in the right country is the server's check: territories use their neighbours' banks.)
 */
export function bicProblem(raw: string): string | undefined {
  const bic = raw.trim().toUpperCase();
  if (!bic) return 'Enter the SWIFT/BIC code.';
  if (!/^[A-Z]{6}[A-Z0-9]{2}([A-Z0-9]{3})?$/.test(bic)) return 'A SWIFT/BIC code has 8 or 11 characters: 4 letters for the bank, 2 for the country, then letters or digits.';
  return undefined;
}
