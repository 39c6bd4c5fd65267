import { probeImage, probeMedia, probePdf, type ImageProbe } from './probe.js';

/**
 * The offer listing's media rules, as data, and a checker over uploaded bytes.
 *
 * Source: reference/000_cbe71079b279f5bc.txt (the "L" numbers below), distilled in spec 06 §1.4 and spec 01 §1.14.
 *
 * - logoLarge: "upload a **Large** logo in PNG format between 216 x 216 and 350 x 350 pixels" (L16376; same words at
 *   L7070, L11241, L14005; "from 216x216 to 350x350 px, required" at L2750, L2765, L6531, L9248, L11048, L15319,
 *   L17363). DECISION: the logo must be square. Every bound the reference gives is square, the Small (48×48) and
 *   Medium (90×90) logos are generated from the Large one by resizing (L16376, L17363: "Partner Center will resize
 *   it to the required logo sizes"), and the reference asks that the logo "isn't stretched" (L6547) — a non-square
 *   Large logo could only become a square Small/Medium one by stretching or cropping. Spec 06 L517 reads it the
 *   same way ("216–350 px square range"). `square: true` is data: set it to false to accept any size in range.
 * - logoMedium 90×90, logoSmall 48×48: generated from the Large logo, "which you can replace later if you want"
 *   (L16376); "Medium (90 x 90 px, optional)", "Small (48 x 48 px, optional)" (L2750, L6532–6533). So they are
 *   optional uploads, and an upload must be exactly that size. Required-ness is the listing's business, not this
 *   checker's.
 * - screenshot: "All images must be 1280 x 720 pixels in size and in .PNG format" (L16386); "1280x720 pixels",
 *   ".PNG file" (L6549–6550); L2750.
 * - videoThumbnail: "sized to 1280 x 720 pixels in size and in .PNG format" (L16396; L7089, L11259). (Test-drive
 *   video thumbnails are 533×324, L3305/L9708 — a different field, not covered here.)
 * - supportingDocument: "These documents must be in .PDF format" (L16366); learn-more documents "Save all files in
 *   PDF format" (L17367).
 *
 * Byte limits: the reference states none for listing media (the only "Maximum file sizes" in it, L6646/L6746, are
 * for Azure application .zip packages). DECISION: images 5 MiB, PDFs 20 MiB. A 350×350 PNG is at most ~1 MiB even
 * uncompressed at 16 bits per channel with alpha, and a real 1280×720 screenshot is typically well under 2 MiB, so
 * 5 MiB only refuses padded or pathological files; 20 MiB fits brochures and white papers with images.
 */

export type MediaKind = 'logoLarge' | 'logoMedium' | 'logoSmall' | 'screenshot' | 'videoThumbnail' | 'supportingDocument';
export type MediaFormat = 'png' | 'pdf';

export interface MediaRule {
  /** How a message names the thing: "The large logo must be ...". */
  label: string;
  formats: readonly MediaFormat[];
  minWidth?: number;
  maxWidth?: number;
  minHeight?: number;
  maxHeight?: number;
  exactWidth?: number;
  exactHeight?: number;
  /** Width must equal height. */
  square?: boolean;
  maxBytes: number;
  /** Where the rule comes from in the reference. */
  reference: string;
}

export const MiB = 1024 * 1024;
export const MAX_IMAGE_BYTES = 5 * MiB;
export const MAX_DOCUMENT_BYTES = 20 * MiB;

export const MEDIA_RULES: Readonly<Record<MediaKind, Readonly<MediaRule>>> = Object.freeze({
  logoLarge: {
    label: 'large logo',
    formats: ['png'],
    minWidth: 216,
    maxWidth: 350,
    minHeight: 216,
    maxHeight: 350,
    square: true,
    maxBytes: MAX_IMAGE_BYTES,
    reference: 'L16376, L2750, L6531, L6547',
  },
  logoMedium: {
    label: 'medium logo',
    formats: ['png'],
    exactWidth: 90,
    exactHeight: 90,
    maxBytes: MAX_IMAGE_BYTES,
    reference: 'L16376, L2750',
  },
  logoSmall: {
    label: 'small logo',
    formats: ['png'],
    exactWidth: 48,
    exactHeight: 48,
    maxBytes: MAX_IMAGE_BYTES,
    reference: 'L16376, L2750',
  },
  screenshot: {
    label: 'screenshot',
    formats: ['png'],
    exactWidth: 1280,
    exactHeight: 720,
    maxBytes: MAX_IMAGE_BYTES,
    reference: 'L16386, L2750',
  },
  videoThumbnail: {
    label: 'video thumbnail',
    formats: ['png'],
    exactWidth: 1280,
    exactHeight: 720,
    maxBytes: MAX_IMAGE_BYTES,
    reference: 'L16396',
  },
  supportingDocument: {
    label: 'supporting document',
    formats: ['pdf'],
    maxBytes: MAX_DOCUMENT_BYTES,
    reference: 'L16366',
  },
});

export const MEDIA_CONTENT_TYPES: Readonly<Record<MediaFormat, string>> = { png: 'image/png', pdf: 'application/pdf' };

export type MediaCheckFailureCode = 'UnsupportedMediaType' | 'ImageDimensionsInvalid' | 'FileTooLarge' | 'EmptyFile';

export type MediaCheckResult =
  | { ok: true; format: MediaFormat; contentType: string; size: number; width?: number; height?: number }
  | { ok: false; code: MediaCheckFailureCode; message: string };

/** HTTP status a route may use for each failure. */
export const MEDIA_CHECK_STATUS: Readonly<Record<MediaCheckFailureCode, number>> = {
  UnsupportedMediaType: 415,
  ImageDimensionsInvalid: 422,
  FileTooLarge: 413,
  EmptyFile: 400,
};

const FORMAT_NAMES: Record<string, string> = { png: 'PNG', jpeg: 'JPEG', gif: 'GIF', webp: 'WebP', pdf: 'PDF' };

function px(width: number, height: number): string {
  return `${width}×${height}`;
}

/** "5 MiB", "512 KiB", "37 bytes". */
export function formatBytes(n: number): string {
  if (n >= MiB) return `${+(n / MiB).toFixed(n % MiB === 0 ? 0 : 1)} MiB`;
  if (n >= 1024) return `${+(n / 1024).toFixed(n % 1024 === 0 ? 0 : 1)} KiB`;
  return `${n} byte${n === 1 ? '' : 's'}`;
}

function exactBytes(n: number): string {
  return `${n.toLocaleString('en-US')} bytes`;
}

/** "a PNG of exactly 1280×720 pixels", "a square PNG between 216×216 and 350×350 pixels", "a PDF document". */
export function describeRule(rule: MediaRule): string {
  const formats = rule.formats.map((f) => FORMAT_NAMES[f] ?? f).join(' or ');
  if (!rule.formats.includes('png')) return `a ${formats} document`;
  const square = rule.square ? 'square ' : '';
  if (rule.exactWidth !== undefined && rule.exactHeight !== undefined) {
    return `a ${square}${formats} of exactly ${px(rule.exactWidth, rule.exactHeight)} pixels`;
  }
  const min = px(rule.minWidth ?? 1, rule.minHeight ?? 1);
  if (rule.maxWidth !== undefined && rule.maxHeight !== undefined) {
    return `a ${square}${formats} between ${min} and ${px(rule.maxWidth, rule.maxHeight)} pixels`;
  }
  return `a ${square}${formats} of at least ${min} pixels`;
}

function dimensionsFit(rule: MediaRule, width: number, height: number): boolean {
  if (rule.exactWidth !== undefined && width !== rule.exactWidth) return false;
  if (rule.exactHeight !== undefined && height !== rule.exactHeight) return false;
  if (rule.minWidth !== undefined && width < rule.minWidth) return false;
  if (rule.maxWidth !== undefined && width > rule.maxWidth) return false;
  if (rule.minHeight !== undefined && height < rule.minHeight) return false;
  if (rule.maxHeight !== undefined && height > rule.maxHeight) return false;
  if (rule.square && width !== height) return false;
  return true;
}

/** "this file is a JPEG (400×400)", "this file is not a valid PNG (the PNG data ends before its IEND chunk)". */
function describeFound(bytes: Uint8Array): string {
  const found = probeMedia(bytes);
  if (found.format === 'pdf') return 'this file is a PDF document';
  if (found.format !== 'unknown') {
    const size = found.width !== undefined && found.height !== undefined ? ` (${px(found.width, found.height)})` : '';
    return `this file is a ${FORMAT_NAMES[found.format]} image${size}`;
  }
  if (found.looksLike) return `this file is not a valid ${FORMAT_NAMES[found.looksLike]} (${found.problem})`;
  const pdf = probePdf(bytes);
  if (!pdf.ok && pdf.looksLikePdf) return `this file is not a valid PDF (${pdf.problem})`;
  return 'this file is not a recognised image or document';
}

function failure(code: MediaCheckFailureCode, message: string): MediaCheckResult {
  return { ok: false, code, message };
}

/**
 * Checks uploaded bytes against the rule for `kind`. Only the bytes count: there is deliberately no file name or
 * declared content type parameter. Order: empty, too large (before any parsing), format, then pixel size.
 */
export function checkMedia(kind: MediaKind, bytes: Uint8Array): MediaCheckResult {
  const rule = MEDIA_RULES[kind];
  if (!rule) throw new TypeError(`Unknown media kind: ${String(kind)}`);
  const expected = describeRule(rule);
  const size = bytes.byteLength;

  if (size === 0) return failure('EmptyFile', `The ${rule.label} file is empty; it must be ${expected}.`);
  if (size > rule.maxBytes) {
    const limit = formatBytes(rule.maxBytes);
    const found = formatBytes(size);
    // Just over the limit rounds to the limit ("5 MiB"): give exact byte counts then.
    const [limitText, foundText] = found === limit ? [`${limit} (${exactBytes(rule.maxBytes)})`, exactBytes(size)] : [limit, found];
    return failure('FileTooLarge', `The ${rule.label} must be at most ${limitText}; this file is ${foundText}.`);
  }

  if (rule.formats.includes('png')) {
    const image: ImageProbe = probeImage(bytes);
    if (image.format !== 'png' || image.width === undefined || image.height === undefined) {
      return failure('UnsupportedMediaType', `The ${rule.label} must be ${expected}; ${describeFound(bytes)}.`);
    }
    if (!dimensionsFit(rule, image.width, image.height)) {
      return failure('ImageDimensionsInvalid', `The ${rule.label} must be ${expected}; this PNG is ${px(image.width, image.height)}.`);
    }
    return { ok: true, format: 'png', contentType: MEDIA_CONTENT_TYPES.png, size, width: image.width, height: image.height };
  }

  if (rule.formats.includes('pdf')) {
    if (!probePdf(bytes).ok) return failure('UnsupportedMediaType', `The ${rule.label} must be ${expected}; ${describeFound(bytes)}.`);
    return { ok: true, format: 'pdf', contentType: MEDIA_CONTENT_TYPES.pdf, size };
  }

  throw new TypeError(`Media rule ${kind} accepts no format this checker knows`);
}
