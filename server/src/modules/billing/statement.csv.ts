/**
 * CSV as RFC 4180 writes it: comma-separated, CRLF line ends, a header row; a field with a comma, a double quote, a
 * CR or an LF is enclosed in double quotes, its quotes doubled. Text that a spreadsheet would run as a formula (it
 * starts with =, +, -, @, a tab or a CR and is not a number) is prefixed with an apostrophe, so opening an export
 * never executes what a customer or publisher typed.
 */

export type CsvValue = string | number | boolean | null | undefined;

const NUMBER = /^[+-]?\d+(\.\d+)?$/;

export function csvField(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text) && !NUMBER.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(header: readonly string[], rows: readonly (readonly CsvValue[])[]): string {
  return [header, ...rows].map((row) => row.map(csvField).join(',')).join('\r\n') + '\r\n';
}
