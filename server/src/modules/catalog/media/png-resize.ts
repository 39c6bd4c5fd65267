/**
 * A small, dependency-free PNG codec and resampler, used to derive the small logo sizes from an uploaded large logo.
 *
 * - `decodePng` reads any valid PNG (every colour type and bit depth, palettes with tRNS, colour-key transparency,
 *   all five filters, Adam7 interlacing, split IDAT) into 8-bit RGBA, and throws a `PngError` on malformed input.
 * - `encodePng` writes 8-bit RGBA, non-interlaced, with a per-row filter chosen by the usual minimum sum of absolute
 *   differences heuristic (PNG spec §12.8) and zlib level 9.
 * - `resizeRgba` resamples in premultiplied alpha: an area-averaging box filter for downscaling (each destination pixel
 *   is the coverage-weighted mean of the source pixels under it, fractional edges included) and bilinear for upscaling.
 *   Averaging is done on the stored (sRGB) values, as browsers and most image tools do when shrinking.
 *
 * Only `node:zlib` is used, for inflate/deflate; chunk parsing, CRC-32, filtering and interlacing are done here.
 */
import { deflateSync, inflateSync } from 'node:zlib';
import { crc32 } from './crc32.js';

export interface RgbaImage {
  width: number;
  height: number;
  /** `width * height * 4` bytes, rows top to bottom, each pixel R, G, B, A (not premultiplied). */
  rgba: Uint8Array;
}

/** Largest width or height we decode or resize to; a logo has no business being larger. */
export const MAX_PNG_DIMENSION = 10_000;

/** A PNG that cannot be decoded, or arguments that cannot be encoded/resized. */
export class PngError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PngError';
  }
}

function fail(problem: string): never {
  throw new PngError(`Invalid PNG: ${problem}`);
}

const PNG_SIGNATURE = Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a);

/** Allowed bit depths per colour type (PNG spec §11.2.2, table 11.1). */
const BIT_DEPTHS: Readonly<Record<number, readonly number[]>> = {
  0: [1, 2, 4, 8, 16], // greyscale
  2: [8, 16], // truecolour
  3: [1, 2, 4, 8], // indexed
  4: [8, 16], // greyscale + alpha
  6: [8, 16], // truecolour + alpha
};
const CHANNELS: Readonly<Record<number, number>> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };



function u32be(b: Uint8Array, i: number): number {
  return ((b[i]! << 24) | (b[i + 1]! << 16) | (b[i + 2]! << 8) | b[i + 3]!) >>> 0;
}
function u16be(b: Uint8Array, i: number): number {
  return (b[i]! << 8) | b[i + 1]!;
}

// ---------------------------------------------------------------------------------------------------------------------
// Decoding

interface Header {
  width: number;
  height: number;
  bitDepth: number;
  colorType: number;
  interlaced: boolean;
}

/** A sub-image of the pixel grid: pixels (x0 + i*dx, y0 + j*dy). Non-interlaced images are one pass (0, 0, 1, 1). */
interface Pass {
  x0: number;
  y0: number;
  dx: number;
  dy: number;
}

/** Adam7 passes (PNG spec §8.2). */
const ADAM7: readonly Pass[] = [
  { x0: 0, y0: 0, dx: 8, dy: 8 },
  { x0: 4, y0: 0, dx: 8, dy: 8 },
  { x0: 0, y0: 4, dx: 4, dy: 8 },
  { x0: 2, y0: 0, dx: 4, dy: 4 },
  { x0: 0, y0: 2, dx: 2, dy: 4 },
  { x0: 1, y0: 0, dx: 2, dy: 2 },
  { x0: 0, y0: 1, dx: 1, dy: 2 },
];
const SINGLE_PASS: readonly Pass[] = [{ x0: 0, y0: 0, dx: 1, dy: 1 }];

/** Pixel columns and rows of a pass (0 when the image is too small to have pixels in it). */
function passSize(pass: Pass, width: number, height: number): { columns: number; rows: number } {
  return {
    columns: width > pass.x0 ? Math.ceil((width - pass.x0) / pass.dx) : 0,
    rows: height > pass.y0 ? Math.ceil((height - pass.y0) / pass.dy) : 0,
  };
}

function readHeader(data: Uint8Array): Header {
  if (data.length !== 13) fail(`the IHDR chunk is ${data.length} bytes long instead of 13`);
  const width = u32be(data, 0);
  const height = u32be(data, 4);
  const [bitDepth, colorType, compression, filter, interlace] = [data[8]!, data[9]!, data[10]!, data[11]!, data[12]!];
  if (width === 0 || height === 0) fail(`the image size ${width}×${height} is empty`);
  if (width > MAX_PNG_DIMENSION || height > MAX_PNG_DIMENSION) {
    fail(`the image is ${width}×${height} pixels; at most ${MAX_PNG_DIMENSION} pixels per side are supported`);
  }
  const depths = BIT_DEPTHS[colorType];
  if (!depths) fail(`colour type ${colorType} does not exist`);
  if (!depths.includes(bitDepth)) fail(`bit depth ${bitDepth} is not allowed for colour type ${colorType}`);
  if (compression !== 0) fail(`unknown compression method ${compression}`);
  if (filter !== 0) fail(`unknown filter method ${filter}`);
  if (interlace > 1) fail(`unknown interlace method ${interlace}`);
  return { width, height, bitDepth, colorType, interlaced: interlace === 1 };
}

/** What the chunks of a PNG contribute to decoding. */
interface Chunks {
  header: Header;
  /** PLTE entries as RGBA (alpha from tRNS, else 255); empty unless the image has a PLTE chunk. */
  palette: Uint8Array;
  paletteSize: number;
  /** tRNS contents for colour types 0, 2 and 3, if present. */
  transparency: Uint8Array | undefined;
  idat: Uint8Array;
}

/** Walks the chunk list, verifying structure and CRCs, and collects IHDR, PLTE, tRNS and the IDAT stream. */
function readChunks(bytes: Uint8Array): Chunks {
  if (bytes.length < PNG_SIGNATURE.length || PNG_SIGNATURE.some((b, i) => bytes[i] !== b)) {
    fail('the data does not start with the PNG signature');
  }
  let header: Header | undefined;
  let palette: Uint8Array | undefined;
  let paletteSize = 0;
  let transparency: Uint8Array | undefined;
  const idat: Uint8Array[] = [];
  let idatClosed = false; // a non-IDAT chunk followed the IDATs; IDATs must be consecutive (§5.6)

  let offset = PNG_SIGNATURE.length;
  for (;;) {
    if (offset + 8 > bytes.length) {
      fail(header ? 'the data is truncated before the IEND chunk' : 'the data is truncated before the IHDR chunk');
    }
    const length = u32be(bytes, offset);
    const type = String.fromCharCode(bytes[offset + 4]!, bytes[offset + 5]!, bytes[offset + 6]!, bytes[offset + 7]!);
    if (!/^[A-Za-z]{4}$/.test(type)) fail(`a chunk at byte ${offset} has an invalid type`);
    if (length > 0x7fffffff) fail(`the ${type} chunk has an invalid length`);
    const dataStart = offset + 8;
    const dataEnd = dataStart + length;
    if (dataEnd + 4 > bytes.length) fail(`the data is truncated inside the ${type} chunk`);
    if (crc32(bytes, offset + 4, dataEnd) !== u32be(bytes, dataEnd)) fail(`the ${type} chunk has a bad CRC`);
    const data = bytes.subarray(dataStart, dataEnd);
    offset = dataEnd + 4;

    if (!header) {
      if (type !== 'IHDR') fail(`the first chunk is ${type}, not IHDR`);
      header = readHeader(data);
      continue;
    }
    if (idat.length > 0 && type !== 'IDAT') idatClosed = true;
    switch (type) {
      case 'IHDR':
        fail('there is more than one IHDR chunk');
        break;
      case 'PLTE': {
        if (palette) fail('there is more than one PLTE chunk');
        if (idat.length > 0) fail('the PLTE chunk comes after the image data');
        if (header.colorType === 0 || header.colorType === 4) fail('a greyscale image has a PLTE chunk');
        if (length === 0 || length % 3 !== 0 || length > 256 * 3) fail(`the PLTE chunk has an invalid length ${length}`);
        paletteSize = length / 3;
        palette = new Uint8Array(paletteSize * 4);
        for (let i = 0; i < paletteSize; i++) {
          palette[i * 4] = data[i * 3]!;
          palette[i * 4 + 1] = data[i * 3 + 1]!;
          palette[i * 4 + 2] = data[i * 3 + 2]!;
          palette[i * 4 + 3] = 255;
        }
        break;
      }
      case 'tRNS': {
        if (transparency) fail('there is more than one tRNS chunk');
        if (idat.length > 0) fail('the tRNS chunk comes after the image data');
        const { colorType } = header;
        // Colour types 4 and 6 already have alpha; a tRNS there is an encoder mistake we can safely ignore.
        if (colorType === 4 || colorType === 6) break;
        if (colorType === 3) {
          if (!palette) fail('the tRNS chunk comes before the PLTE chunk');
          if (length > paletteSize) fail('the tRNS chunk has more entries than the palette');
        } else if (length !== (colorType === 0 ? 2 : 6)) {
          fail(`the tRNS chunk has an invalid length ${length}`);
        }
        transparency = data;
        break;
      }
      case 'IDAT':
        if (idatClosed) fail('the IDAT chunks are not consecutive');
        idat.push(data);
        break;
      case 'IEND':
        if (idat.length === 0) fail('there is no IDAT chunk (no image data)');
        if (header.colorType === 3 && !palette) fail('the indexed-colour image has no PLTE chunk');
        if (palette && transparency && header.colorType === 3) {
          for (let i = 0; i < transparency.length; i++) palette[i * 4 + 3] = transparency[i]!;
        }
        return {
          header,
          palette: palette ?? new Uint8Array(0),
          paletteSize,
          transparency,
          idat: idat.length === 1 ? idat[0]! : Buffer.concat(idat),
        };
      default:
        // Bit 5 of the first letter clear (upper case) marks a critical chunk we would need to understand (§5.4).
        if (type.charCodeAt(0) < 0x61) fail(`unknown critical chunk ${type}`);
    }
  }
}

/** Writes `count` pixels of one unfiltered scanline as RGBA into `out`, starting at `outAt`, `outStep` bytes apart. */
type RowExpander = (row: Uint8Array, start: number, count: number, out: Uint8Array, outAt: number, outStep: number) => void;

/** 16-bit sample → 8-bit, rounded (v * 255 / 65535 = v / 257). */
function to8(v: number): number {
  return ((v + 128) / 257) | 0;
}

function rowExpander(chunks: Chunks): RowExpander {
  const { bitDepth, colorType } = chunks.header;
  const trns = chunks.transparency;
  // A colour-key sample uses the low `bitDepth` bits of each 16-bit tRNS value (§11.3.2.1).
  const sampleMask = bitDepth === 16 ? 0xffff : (1 << bitDepth) - 1;
  const key = (i: number): number => (trns ? u16be(trns, i * 2) & sampleMask : -1);

  switch (colorType) {
    case 0: {
      const grey = key(0);
      if (bitDepth === 16) {
        return (row, start, count, out, o, step) => {
          for (let i = 0, s = start; i < count; i++, s += 2, o += step) {
            const v = u16be(row, s);
            out[o] = out[o + 1] = out[o + 2] = to8(v);
            out[o + 3] = v === grey ? 0 : 255;
          }
        };
      }
      const scale = 255 / sampleMask; // 255, 85, 17 or 1: exact integers
      return (row, start, count, out, o, step) => {
        for (let i = 0; i < count; i++, o += step) {
          const v = sample(row, start, i, bitDepth, sampleMask);
          out[o] = out[o + 1] = out[o + 2] = v * scale;
          out[o + 3] = v === grey ? 0 : 255;
        }
      };
    }
    case 2: {
      const [kr, kg, kb] = [key(0), key(1), key(2)];
      if (bitDepth === 16) {
        return (row, start, count, out, o, step) => {
          for (let i = 0, s = start; i < count; i++, s += 6, o += step) {
            const r = u16be(row, s);
            const g = u16be(row, s + 2);
            const b = u16be(row, s + 4);
            out[o] = to8(r);
            out[o + 1] = to8(g);
            out[o + 2] = to8(b);
            out[o + 3] = r === kr && g === kg && b === kb ? 0 : 255;
          }
        };
      }
      return (row, start, count, out, o, step) => {
        for (let i = 0, s = start; i < count; i++, s += 3, o += step) {
          const r = row[s]!;
          const g = row[s + 1]!;
          const b = row[s + 2]!;
          out[o] = r;
          out[o + 1] = g;
          out[o + 2] = b;
          out[o + 3] = r === kr && g === kg && b === kb ? 0 : 255;
        }
      };
    }
    case 3: {
      const { palette, paletteSize } = chunks;
      return (row, start, count, out, o, step) => {
        for (let i = 0; i < count; i++, o += step) {
          const index = sample(row, start, i, bitDepth, sampleMask);
          if (index >= paletteSize) fail(`palette index ${index} is out of range (the palette has ${paletteSize} entries)`);
          const p = index * 4;
          out[o] = palette[p]!;
          out[o + 1] = palette[p + 1]!;
          out[o + 2] = palette[p + 2]!;
          out[o + 3] = palette[p + 3]!;
        }
      };
    }
    case 4:
      if (bitDepth === 16) {
        return (row, start, count, out, o, step) => {
          for (let i = 0, s = start; i < count; i++, s += 4, o += step) {
            out[o] = out[o + 1] = out[o + 2] = to8(u16be(row, s));
            out[o + 3] = to8(u16be(row, s + 2));
          }
        };
      }
      return (row, start, count, out, o, step) => {
        for (let i = 0, s = start; i < count; i++, s += 2, o += step) {
          out[o] = out[o + 1] = out[o + 2] = row[s]!;
          out[o + 3] = row[s + 1]!;
        }
      };
    default: // 6
      if (bitDepth === 16) {
        return (row, start, count, out, o, step) => {
          for (let i = 0, s = start; i < count; i++, s += 8, o += step) {
            out[o] = to8(u16be(row, s));
            out[o + 1] = to8(u16be(row, s + 2));
            out[o + 2] = to8(u16be(row, s + 4));
            out[o + 3] = to8(u16be(row, s + 6));
          }
        };
      }
      if (chunks.header.interlaced) {
        return (row, start, count, out, o, step) => {
          for (let i = 0, s = start; i < count; i++, s += 4, o += step) {
            out[o] = row[s]!;
            out[o + 1] = row[s + 1]!;
            out[o + 2] = row[s + 2]!;
            out[o + 3] = row[s + 3]!;
          }
        };
      }
      // Non-interlaced 8-bit RGBA, the common case: the scanline is already the output row.
      return (row, start, count, out, o) => out.set(row.subarray(start, start + count * 4), o);
  }
}

/** The i-th sample of a packed scanline with 1, 2, 4 or 8 bits per sample (most significant bits first). */
function sample(row: Uint8Array, start: number, i: number, bitDepth: number, mask: number): number {
  if (bitDepth === 8) return row[start + i]!;
  const bit = i * bitDepth;
  return (row[start + (bit >>> 3)]! >>> (8 - bitDepth - (bit & 7))) & mask;
}

/**
 * Reverses the filter of the scanline whose filter-type byte is at `at` (PNG spec §9), in place. `prior` is where the
 * previous scanline's filter byte is (its bytes are already unfiltered), or -1 for the first row of a pass. `bpp` is
 * the distance to the corresponding byte of the pixel on the left (bytes per pixel, at least 1).
 */
function unfilterRow(data: Uint8Array, at: number, length: number, prior: number, bpp: number): void {
  const type = data[at]!;
  const s = at + 1; // this row's bytes
  const p = prior + 1; // prior row's bytes (unused when prior < 0)
  // Uint8Array stores wrap modulo 256, which is the arithmetic the filters are defined with.
  switch (type) {
    case 0: // None
      return;
    case 1: // Sub
      for (let i = bpp; i < length; i++) data[s + i] = data[s + i]! + data[s + i - bpp]!;
      return;
    case 2: // Up
      if (prior >= 0) for (let i = 0; i < length; i++) data[s + i] = data[s + i]! + data[p + i]!;
      return;
    case 3: // Average
      if (prior < 0) {
        for (let i = bpp; i < length; i++) data[s + i] = data[s + i]! + (data[s + i - bpp]! >>> 1);
        return;
      }
      for (let i = 0; i < bpp && i < length; i++) data[s + i] = data[s + i]! + (data[p + i]! >>> 1);
      for (let i = bpp; i < length; i++) data[s + i] = data[s + i]! + ((data[s + i - bpp]! + data[p + i]!) >>> 1);
      return;
    case 4: // Paeth
      if (prior < 0) {
        // With no prior row, up = up-left = 0, so Paeth always predicts from the left: the same as Sub.
        for (let i = bpp; i < length; i++) data[s + i] = data[s + i]! + data[s + i - bpp]!;
        return;
      }
      for (let i = 0; i < bpp && i < length; i++) data[s + i] = data[s + i]! + data[p + i]!;
      for (let i = bpp; i < length; i++) {
        data[s + i] = data[s + i]! + paeth(data[s + i - bpp]!, data[p + i]!, data[p + i - bpp]!);
      }
      return;
    default:
      fail(`unknown filter type ${type}`);
  }
}

/** The Paeth predictor (§9.4): whichever of left, up, up-left is closest to left + up - upLeft. */
function paeth(a: number, b: number, c: number): number {
  const pa = Math.abs(b - c);
  const pb = Math.abs(a - c);
  const pc = Math.abs(a + b - 2 * c);
  if (pa <= pb && pa <= pc) return a;
  return pb <= pc ? b : c;
}

/** Decodes a PNG into 8-bit RGBA. Throws a `PngError` explaining what is wrong with malformed or unsupported input. */
export function decodePng(bytes: Uint8Array): RgbaImage {
  if (!(bytes instanceof Uint8Array)) throw new PngError('Invalid PNG: the input is not a byte array');
  const chunks = readChunks(bytes);
  const { width, height, bitDepth, colorType, interlaced } = chunks.header;
  const bitsPerPixel = CHANNELS[colorType]! * bitDepth;
  const bpp = Math.max(1, bitsPerPixel >>> 3);
  const passes = interlaced ? ADAM7 : SINGLE_PASS;

  // Each scanline is a filter-type byte plus its packed samples; empty passes have no scanlines at all (§8.2).
  let expected = 0;
  for (const pass of passes) {
    const { columns, rows } = passSize(pass, width, height);
    if (columns > 0) expected += rows * (1 + Math.ceil((columns * bitsPerPixel) / 8));
  }

  let data: Buffer;
  try {
    // The limit stops a zip bomb early; one byte of slack lets us tell "too much data" from "exactly right".
    data = inflateSync(chunks.idat, { maxOutputLength: expected + 1 });
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ERR_BUFFER_TOO_LARGE') {
      fail(`the image data decompresses to more than the ${expected} bytes a ${width}×${height} image needs`);
    }
    fail(`the image data cannot be decompressed (${error instanceof Error ? error.message : String(error)})`);
  }
  if (data.length !== expected) {
    fail(`the image data decompresses to ${data.length} bytes instead of the ${expected} a ${width}×${height} image needs`);
  }

  const rgba = new Uint8Array(width * height * 4);
  const expand = rowExpander(chunks);
  let at = 0;
  for (const pass of passes) {
    const { columns, rows } = passSize(pass, width, height);
    if (columns === 0) continue;
    const length = Math.ceil((columns * bitsPerPixel) / 8);
    for (let r = 0; r < rows; r++, at += length + 1) {
      unfilterRow(data, at, length, r > 0 ? at - length - 1 : -1, bpp);
      const y = pass.y0 + r * pass.dy;
      expand(data, at + 1, columns, rgba, (y * width + pass.x0) * 4, pass.dx * 4);
    }
  }
  return { width, height, rgba };
}

// ---------------------------------------------------------------------------------------------------------------------
// Encoding

function chunk(type: string, data: Uint8Array): Buffer {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'latin1');
  out.set(data, 8);
  out.writeUInt32BE(crc32(out, 4, 8 + data.length), 8 + data.length);
  return out;
}

function checkImage(img: RgbaImage, what: string): void {
  const { width, height, rgba } = img;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new PngError(`${what}: the image size ${width}×${height} is invalid`);
  }
  if (!(rgba instanceof Uint8Array) || rgba.length !== width * height * 4) {
    throw new PngError(`${what}: a ${width}×${height} image needs ${width * height * 4} RGBA bytes, not ${rgba?.length}`);
  }
}

/**
 * Filters `cur` with filter `type` into `out` (§9.2), given the previous row (`prev`, null for the first row) and
 * `bpp` bytes per pixel, and returns the sum of the filtered bytes taken as signed values: the heuristic cost.
 */
function filterRow(type: number, cur: Uint8Array, prev: Uint8Array | null, bpp: number, out: Uint8Array): number {
  let cost = 0;
  for (let i = 0; i < cur.length; i++) {
    const x = cur[i]!;
    const a = i >= bpp ? cur[i - bpp]! : 0;
    const b = prev ? prev[i]! : 0;
    const c = prev && i >= bpp ? prev[i - bpp]! : 0;
    let predicted: number;
    switch (type) {
      case 0: predicted = 0; break;
      case 1: predicted = a; break;
      case 2: predicted = b; break;
      case 3: predicted = (a + b) >>> 1; break;
      default: predicted = paeth(a, b, c);
    }
    const v = (x - predicted) & 0xff;
    out[i] = v;
    cost += v < 128 ? v : 256 - v;
  }
  return cost;
}

/** Encodes 8-bit RGBA as a non-interlaced colour type 6 PNG (IHDR, one IDAT, IEND). */
export function encodePng(img: RgbaImage): Buffer {
  checkImage(img, 'Cannot encode PNG');
  const { width, height, rgba } = img;
  const stride = width * 4;
  const raw = new Uint8Array(height * (stride + 1));
  const candidates = [0, 1, 2, 3, 4].map(() => new Uint8Array(stride));
  for (let y = 0; y < height; y++) {
    const cur = rgba.subarray(y * stride, (y + 1) * stride);
    const prev = y > 0 ? rgba.subarray((y - 1) * stride, y * stride) : null;
    // Minimum sum of absolute differences (§12.8): try every filter, keep the one whose output looks smallest.
    let best = 0;
    let bestCost = Infinity;
    for (let type = 0; type < 5; type++) {
      const cost = filterRow(type, cur, prev, 4, candidates[type]!);
      if (cost < bestCost) [best, bestCost] = [type, cost];
    }
    const at = y * (stride + 1);
    raw[at] = best;
    raw.set(candidates[best]!, at + 1);
  }

  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // colour type: truecolour with alpha
  // compression 0 (deflate), filter method 0 (adaptive), interlace 0 (none): already zero
  return Buffer.concat([
    PNG_SIGNATURE,
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', new Uint8Array(0)),
  ]);
}

// ---------------------------------------------------------------------------------------------------------------------
// Resampling

/**
 * How each destination index along one axis draws on the source: destination i is the weighted sum of source indices
 * `first[i] .. first[i] + count[i] - 1`, with weights `weights[i * taps ..]` (summing to 1).
 */
interface AxisWeights {
  first: Int32Array;
  count: Int32Array;
  weights: Float64Array;
  taps: number;
}

function axisWeights(src: number, dst: number): AxisWeights {
  const first = new Int32Array(dst);
  const count = new Int32Array(dst);
  if (dst <= src) {
    // Box filter: destination i covers source interval [i * src/dst, (i + 1) * src/dst), and each source pixel
    // contributes in proportion to how much of it lies inside (partial coverage at both ends).
    const scale = src / dst;
    const taps = Math.ceil(scale) + 1;
    const weights = new Float64Array(dst * taps);
    for (let i = 0; i < dst; i++) {
      const lo = (i * src) / dst;
      const hi = Math.min(src, ((i + 1) * src) / dst);
      const j0 = Math.floor(lo);
      const j1 = Math.min(src, Math.ceil(hi));
      first[i] = j0;
      count[i] = j1 - j0;
      for (let j = j0; j < j1; j++) weights[i * taps + j - j0] = (Math.min(hi, j + 1) - Math.max(lo, j)) / scale;
    }
    return { first, count, weights, taps };
  }
  // Bilinear: sample at the destination pixel's centre mapped into source coordinates, clamped at the edges.
  const taps = 2;
  const weights = new Float64Array(dst * taps);
  for (let i = 0; i < dst; i++) {
    const centre = Math.min(src - 1, Math.max(0, ((i + 0.5) * src) / dst - 0.5));
    const j = Math.floor(centre);
    const f = centre - j;
    first[i] = j;
    count[i] = j + 1 < src ? 2 : 1;
    weights[i * taps] = count[i] === 2 ? 1 - f : 1;
    weights[i * taps + 1] = count[i] === 2 ? f : 0;
  }
  return { first, count, weights, taps };
}

/**
 * Resamples an RGBA image to `width`×`height`: area averaging when shrinking, bilinear when enlarging (chosen per
 * axis). Works on premultiplied alpha, so fully transparent pixels (whatever colour they store) add no colour.
 * Fully transparent results are written as 0, 0, 0, 0.
 */
export function resizeRgba(img: RgbaImage, width: number, height: number): RgbaImage {
  checkImage(img, 'Cannot resize image');
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new PngError(`Cannot resize image: the target size ${width}×${height} is invalid`);
  }
  if (width > MAX_PNG_DIMENSION || height > MAX_PNG_DIMENSION) {
    throw new PngError(`Cannot resize image: the target size ${width}×${height} is above ${MAX_PNG_DIMENSION} pixels per side`);
  }
  const { width: sw, height: sh, rgba: src } = img;
  if (sw === width && sh === height) return { width, height, rgba: src.slice() };

  // Premultiply: colour channels scaled by alpha/255, so a pixel's colour counts only as much as it is opaque.
  const pm = new Float32Array(sw * sh * 4);
  for (let i = 0; i < pm.length; i += 4) {
    const a = src[i + 3]!;
    const k = a / 255;
    pm[i] = src[i]! * k;
    pm[i + 1] = src[i + 1]! * k;
    pm[i + 2] = src[i + 2]! * k;
    pm[i + 3] = a;
  }

  // Horizontal pass: sh rows of sw → sh rows of width.
  const hx = axisWeights(sw, width);
  const mid = new Float32Array(width * sh * 4);
  for (let y = 0; y < sh; y++) {
    const row = y * sw * 4;
    for (let x = 0; x < width; x++) {
      let r = 0, g = 0, b = 0, a = 0;
      const w0 = x * hx.taps;
      for (let t = 0, s = row + hx.first[x]! * 4; t < hx.count[x]!; t++, s += 4) {
        const w = hx.weights[w0 + t]!;
        r += pm[s]! * w;
        g += pm[s + 1]! * w;
        b += pm[s + 2]! * w;
        a += pm[s + 3]! * w;
      }
      const o = (y * width + x) * 4;
      mid[o] = r;
      mid[o + 1] = g;
      mid[o + 2] = b;
      mid[o + 3] = a;
    }
  }

  // Vertical pass, then un-premultiply into bytes.
  const vy = axisWeights(sh, height);
  const out = new Uint8Array(width * height * 4);
  const stride = width * 4;
  for (let y = 0; y < height; y++) {
    const w0 = y * vy.taps;
    const firstRow = vy.first[y]!;
    for (let x = 0; x < width; x++) {
      let r = 0, g = 0, b = 0, a = 0;
      for (let t = 0, s = firstRow * stride + x * 4; t < vy.count[y]!; t++, s += stride) {
        const w = vy.weights[w0 + t]!;
        r += mid[s]! * w;
        g += mid[s + 1]! * w;
        b += mid[s + 2]! * w;
        a += mid[s + 3]! * w;
      }
      const o = (y * width + x) * 4;
      const alpha = Math.round(a);
      if (alpha <= 0) continue; // fully transparent: leave 0, 0, 0, 0
      const k = 255 / a;
      out[o] = clampByte(r * k);
      out[o + 1] = clampByte(g * k);
      out[o + 2] = clampByte(b * k);
      out[o + 3] = Math.min(255, alpha);
    }
  }
  return { width, height, rgba: out };
}

function clampByte(v: number): number {
  return v <= 0 ? 0 : v >= 255 ? 255 : Math.round(v);
}

/** Decodes a PNG, resizes it to `width`×`height` (see `resizeRgba`) and encodes the result as 8-bit RGBA PNG. */
export function resizePng(bytes: Uint8Array, width: number, height: number): Buffer {
  return encodePng(resizeRgba(decodePng(bytes), width, height));
}
