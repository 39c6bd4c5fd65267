import { crc32 } from './crc32.js';

/**
 * Format and size of uploaded media, read from the bytes alone (never from a file name or a declared content type).
 * Pure functions: no I/O, no decoding of pixel data, and no exceptions for any input, however short or damaged.
 *
 * PNG is checked structurally (signature, IHDR as the first chunk with valid fields, every chunk's length and CRC,
 * at least one IDAT, ending with IEND), so a truncated or corrupted upload is refused rather than stored. The other
 * image formats are recognised only far enough to read their size, so an error can say "this is a JPEG, 400×400".
 */

export type ImageFormat = 'png' | 'jpeg' | 'gif' | 'webp' | 'unknown';

export interface ImageProbe {
  format: ImageFormat;
  width?: number;
  height?: number;
  /**
   * When `format` is 'unknown' but the bytes start like a known format, what is wrong with them
   * (e.g. "the PNG data ends before its IEND chunk"), so a message can be more helpful than "not an image".
   */
  problem?: string;
  /** The format the bytes start like, when `problem` is set. */
  looksLike?: Exclude<ImageFormat, 'unknown'>;
}

/** A file's kind as far as media checks care: an image format, a PDF, or anything else. */
export type MediaFormatProbe = ImageProbe | { format: 'pdf'; problem?: undefined };

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] as const;
/** PNG limits width and height to 2^31 - 1 (PNG spec §11.2.2). */
const PNG_MAX_DIMENSION = 0x7fffffff;
/** Allowed bit depths per colour type (PNG spec §11.2.2, table 11.1). */
const PNG_BIT_DEPTHS: Record<number, readonly number[]> = {
  0: [1, 2, 4, 8, 16],
  2: [8, 16],
  3: [1, 2, 4, 8],
  4: [8, 16],
  6: [8, 16],
};



function u8(b: Uint8Array, i: number): number {
  return b[i] ?? 0;
}
function u16be(b: Uint8Array, i: number): number {
  return (u8(b, i) << 8) | u8(b, i + 1);
}
function u16le(b: Uint8Array, i: number): number {
  return u8(b, i) | (u8(b, i + 1) << 8);
}
function u24le(b: Uint8Array, i: number): number {
  return u8(b, i) | (u8(b, i + 1) << 8) | (u8(b, i + 2) << 16);
}
function u32be(b: Uint8Array, i: number): number {
  return ((u8(b, i) << 24) | (u8(b, i + 1) << 16) | (u8(b, i + 2) << 8) | u8(b, i + 3)) >>> 0;
}
function u32le(b: Uint8Array, i: number): number {
  return (u8(b, i) | (u8(b, i + 1) << 8) | (u8(b, i + 2) << 16) | (u8(b, i + 3) << 24)) >>> 0;
}
function ascii(b: Uint8Array, i: number, length: number): string {
  let s = '';
  for (let k = i; k < i + length && k < b.length; k++) s += String.fromCharCode(b[k]!);
  return s;
}
function startsWith(b: Uint8Array, prefix: readonly number[], at = 0): boolean {
  if (b.length < at + prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) if (b[at + i] !== prefix[i]) return false;
  return true;
}
function isChunkType(type: string): boolean {
  return /^[A-Za-z]{4}$/.test(type);
}

function broken(looksLike: Exclude<ImageFormat, 'unknown'>, problem: string): ImageProbe {
  return { format: 'unknown', looksLike, problem };
}

function probePng(b: Uint8Array): ImageProbe {
  // Signature (8) + IHDR chunk (4 length + 4 type + 13 data + 4 CRC).
  if (b.length < 33) return broken('png', 'the PNG data ends inside its header');
  if (u32be(b, 8) !== 13 || ascii(b, 12, 4) !== 'IHDR') return broken('png', 'the PNG does not start with an IHDR chunk');
  if (crc32(b, 12, 29) !== u32be(b, 29)) return broken('png', 'the PNG header (IHDR) checksum is wrong');
  const width = u32be(b, 16);
  const height = u32be(b, 20);
  const bitDepth = u8(b, 24);
  const colorType = u8(b, 25);
  if (width === 0 || height === 0 || width > PNG_MAX_DIMENSION || height > PNG_MAX_DIMENSION) {
    return broken('png', 'the PNG header gives an invalid width or height');
  }
  if (!PNG_BIT_DEPTHS[colorType]?.includes(bitDepth) || u8(b, 26) !== 0 || u8(b, 27) !== 0 || u8(b, 28) > 1) {
    return broken('png', 'the PNG header has invalid fields');
  }

  let offset = 33;
  let sawIdat = false;
  let sawPlte = false;
  for (;;) {
    if (offset + 8 > b.length) return broken('png', 'the PNG data ends before its IEND chunk');
    const length = u32be(b, offset);
    const type = ascii(b, offset + 4, 4);
    if (length > 0x7fffffff || !isChunkType(type)) return broken('png', 'the PNG contains a malformed chunk');
    const end = offset + 8 + length + 4;
    if (end > b.length) return broken('png', 'the PNG data ends before its IEND chunk');
    if (crc32(b, offset + 4, offset + 8 + length) !== u32be(b, offset + 8 + length)) {
      return broken('png', `the checksum of the PNG's ${type} chunk is wrong`);
    }
    if (type === 'IHDR') return broken('png', 'the PNG has more than one IHDR chunk');
    if (type === 'PLTE') sawPlte = true;
    if (type === 'IDAT') sawIdat = true;
    offset = end;
    if (type === 'IEND') break;
  }
  if (!sawIdat) return broken('png', 'the PNG has no image data (IDAT)');
  if (colorType === 3 && !sawPlte) return broken('png', 'the palette PNG has no palette (PLTE)');
  return { format: 'png', width, height };
}

/** SOFn markers carry the frame size; C4 (DHT), C8 (JPG) and CC (DAC) share the range but are not frames. */
function isSofMarker(marker: number): boolean {
  return marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
}

function probeJpeg(b: Uint8Array): ImageProbe {
  let offset = 2; // after SOI (FF D8)
  for (;;) {
    // Markers are FF xx, optionally preceded by fill bytes (FF).
    if (offset >= b.length) return broken('jpeg', 'the JPEG data ends before its frame header');
    if (b[offset] !== 0xff) return broken('jpeg', 'the JPEG contains a malformed marker');
    while (offset < b.length && b[offset] === 0xff) offset++;
    if (offset >= b.length) return broken('jpeg', 'the JPEG data ends before its frame header');
    const marker = b[offset]!;
    offset++;
    if (marker === 0x00) return broken('jpeg', 'the JPEG contains a malformed marker');
    // Standalone markers (no length): TEM, RSTn; SOI again is malformed, EOI/SOS before a frame is malformed.
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) continue;
    if (marker === 0xd8 || marker === 0xd9 || marker === 0xda) {
      return broken('jpeg', 'the JPEG has no frame header before its image data');
    }
    if (offset + 2 > b.length) return broken('jpeg', 'the JPEG data ends before its frame header');
    const length = u16be(b, offset);
    if (length < 2) return broken('jpeg', 'the JPEG contains a malformed segment');
    if (offset + length > b.length) return broken('jpeg', 'the JPEG data ends before its frame header');
    if (isSofMarker(marker)) {
      // Segment: length(2) precision(1) height(2) width(2) components(1) ...
      if (length < 8) return broken('jpeg', 'the JPEG frame header is malformed');
      const height = u16be(b, offset + 3);
      const width = u16be(b, offset + 5);
      // Height 0 means "defined later by a DNL marker" (ITU T.81 B.2.2); we do not chase it.
      if (width === 0 || height === 0) return broken('jpeg', 'the JPEG frame header does not give the image size');
      return { format: 'jpeg', width, height };
    }
    offset += length;
  }
}

function probeGif(b: Uint8Array): ImageProbe {
  if (b.length < 10) return broken('gif', 'the GIF data ends inside its header');
  const width = u16le(b, 6);
  const height = u16le(b, 8);
  if (width === 0 || height === 0) return broken('gif', 'the GIF header gives an invalid width or height');
  return { format: 'gif', width, height };
}

function probeWebp(b: Uint8Array): ImageProbe {
  const chunk = ascii(b, 12, 4);
  if (chunk === 'VP8 ') {
    // Chunk header (8), frame tag (3), start code 9D 01 2A, then 14-bit width and height (+2 bits of scale each).
    if (b.length < 30) return broken('webp', 'the WebP data ends inside its header');
    if (!startsWith(b, [0x9d, 0x01, 0x2a], 23)) return broken('webp', 'the WebP (VP8) header is malformed');
    return sized('webp', u16le(b, 26) & 0x3fff, u16le(b, 28) & 0x3fff);
  }
  if (chunk === 'VP8L') {
    // Chunk header (8), signature 2F, then 14 bits width-1, 14 bits height-1.
    if (b.length < 25) return broken('webp', 'the WebP data ends inside its header');
    if (b[20] !== 0x2f) return broken('webp', 'the WebP (VP8L) header is malformed');
    const bits = u32le(b, 21);
    return sized('webp', (bits & 0x3fff) + 1, ((bits >>> 14) & 0x3fff) + 1);
  }
  if (chunk === 'VP8X') {
    // Chunk header (8), flags (1), reserved (3), 24-bit canvas width-1, 24-bit canvas height-1.
    if (b.length < 30) return broken('webp', 'the WebP data ends inside its header');
    return sized('webp', u24le(b, 24) + 1, u24le(b, 27) + 1);
  }
  if (b.length < 16) return broken('webp', 'the WebP data ends inside its header');
  return broken('webp', 'the WebP has no image chunk where one is expected');
}

function sized(format: 'webp', width: number, height: number): ImageProbe {
  if (width === 0 || height === 0) return broken(format, 'the header gives an invalid width or height');
  return { format, width, height };
}

/** Image format and pixel size from the bytes. Never throws; damaged or unrecognised input gives `format: 'unknown'`. */
export function probeImage(bytes: Uint8Array): ImageProbe {
  if (!(bytes instanceof Uint8Array)) return { format: 'unknown' };
  if (startsWith(bytes, PNG_SIGNATURE)) return probePng(bytes);
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return probeJpeg(bytes);
  const head6 = ascii(bytes, 0, 6);
  if (head6 === 'GIF87a' || head6 === 'GIF89a') return probeGif(bytes);
  if (ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 4) === 'WEBP') return probeWebp(bytes);
  return { format: 'unknown' };
}

/** How far from the start a PDF header may appear, and how close to the end `%%EOF` must be (ISO 32000 / PDF Reference implementation notes). */
export const PDF_SCAN_WINDOW = 1024;

const PDF_HEADER = [0x25, 0x50, 0x44, 0x46, 0x2d] as const; // %PDF-
const PDF_EOF = [0x25, 0x25, 0x45, 0x4f, 0x46] as const; // %%EOF

function indexOf(b: Uint8Array, needle: readonly number[], from: number, to: number): number {
  const last = Math.min(to, b.length) - needle.length;
  for (let i = Math.max(0, from); i <= last; i++) if (startsWith(b, needle, i)) return i;
  return -1;
}

/** Where `%PDF-<digit>` starts, within the first 1024 bytes; -1 when absent. */
function pdfHeaderAt(b: Uint8Array): number {
  let from = 0;
  for (;;) {
    const at = indexOf(b, PDF_HEADER, from, PDF_SCAN_WINDOW + PDF_HEADER.length + 1);
    if (at < 0 || at >= PDF_SCAN_WINDOW) return -1;
    const next = b[at + PDF_HEADER.length];
    if (next !== undefined && next >= 0x30 && next <= 0x39) return at;
    from = at + 1;
  }
}

/**
 * A PDF: `%PDF-<version>` within the first 1024 bytes, and `%%EOF` within the last 1024 bytes (so a file cut off
 * during upload is refused). The document's objects are not parsed.
 */
export function isPdf(bytes: Uint8Array): boolean {
  return probePdf(bytes).ok;
}

/** `isPdf` with the reason when the answer is no. */
export function probePdf(bytes: Uint8Array): { ok: true } | { ok: false; looksLikePdf: boolean; problem: string } {
  if (!(bytes instanceof Uint8Array) || pdfHeaderAt(bytes) < 0) {
    return { ok: false, looksLikePdf: false, problem: 'the file does not start with a PDF header' };
  }
  const tailStart = Math.max(0, bytes.length - PDF_SCAN_WINDOW);
  if (indexOf(bytes, PDF_EOF, tailStart, bytes.length) < 0) {
    return { ok: false, looksLikePdf: true, problem: 'the PDF has no %%EOF marker at its end (it may be truncated)' };
  }
  return { ok: true };
}

/** The file's kind for error messages and checks: an image probe, or `pdf`. */
export function probeMedia(bytes: Uint8Array): MediaFormatProbe {
  const image = probeImage(bytes);
  if (image.format !== 'unknown' || image.looksLike) return image;
  return isPdf(bytes) ? { format: 'pdf' } : image;
}
