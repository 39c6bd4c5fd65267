import { deflateSync, inflateSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { probeImage } from './probe.js';
import { PngError, decodePng, encodePng, resizePng, resizeRgba, type RgbaImage } from './png-resize.js';
import { PNG_SIGNATURE, encodePng as buildTestPng, ihdr, pngChunk } from './testing/png.js';

// ---------------------------------------------------------------------------------------------------------------------
// A raw PNG builder for the decoder tests: any colour type and bit depth, explicit filter types per scanline, Adam7.
// The forward filters here are written from the spec independently of the decoder's inverse filters.

const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };

/** Packs samples most significant bits first (1/2/4/8 bits) or big-endian (16 bits). */
function pack(samples: readonly number[], bitDepth: number): Uint8Array {
  if (bitDepth === 16) {
    const out = new Uint8Array(samples.length * 2);
    samples.forEach((s, i) => {
      out[i * 2] = s >> 8;
      out[i * 2 + 1] = s & 0xff;
    });
    return out;
  }
  const out = new Uint8Array(Math.ceil((samples.length * bitDepth) / 8));
  samples.forEach((s, i) => {
    const bit = i * bitDepth;
    out[bit >> 3]! |= s << (8 - bitDepth - (bit % 8));
  });
  return out;
}

function paethPredictor(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  if (pa <= pb && pa <= pc) return a;
  if (pb <= pc) return b;
  return c;
}

function filterScanline(type: number, row: Uint8Array, prev: Uint8Array | undefined, bpp: number): Uint8Array {
  const out = new Uint8Array(row.length + 1);
  out[0] = type;
  row.forEach((x, i) => {
    const a = i >= bpp ? row[i - bpp]! : 0;
    const b = prev ? prev[i]! : 0;
    const c = prev && i >= bpp ? prev[i - bpp]! : 0;
    const predictor = [0, a, b, Math.floor((a + b) / 2), paethPredictor(a, b, c)][type]!;
    out[i + 1] = (x - predictor + 256) % 256;
  });
  return out;
}

interface Spec {
  width: number;
  height: number;
  colorType: number;
  bitDepth: number;
  /** Samples per row, `channels` per pixel. */
  rows: number[][];
  plte?: number[][];
  trns?: number[];
}

interface BuildOptions {
  /** Filter type for the n-th scanline written (counted across Adam7 passes). Default: None. */
  filter?: number | ((n: number) => number);
  interlace?: boolean;
  /** Split the zlib stream over this many IDAT chunks. */
  idatParts?: number;
}

const ADAM7 = [[0, 0, 8, 8], [4, 0, 8, 8], [0, 4, 4, 8], [2, 0, 4, 4], [0, 2, 2, 4], [1, 0, 2, 2], [0, 1, 1, 2]] as const;

function header(spec: Spec, interlace: boolean): Buffer {
  const data = Buffer.alloc(13);
  data.writeUInt32BE(spec.width, 0);
  data.writeUInt32BE(spec.height, 4);
  data[8] = spec.bitDepth;
  data[9] = spec.colorType;
  data[12] = interlace ? 1 : 0;
  return pngChunk('IHDR', data);
}

/** The filtered scanlines (filter byte + packed samples) of an image, interlaced or not. */
function scanlines(spec: Spec, options: BuildOptions = {}): Uint8Array {
  const channels = CHANNELS[spec.colorType]!;
  const bpp = Math.max(1, (channels * spec.bitDepth) >> 3);
  const filterOf = (n: number) => (typeof options.filter === 'function' ? options.filter(n) : (options.filter ?? 0));
  const passes = options.interlace ? ADAM7 : ([[0, 0, 1, 1]] as const);
  const out: Uint8Array[] = [];
  for (const [x0, y0, dx, dy] of passes) {
    let prev: Uint8Array | undefined;
    for (let y = y0; y < spec.height; y += dy) {
      const samples: number[] = [];
      for (let x = x0; x < spec.width; x += dx) samples.push(...spec.rows[y]!.slice(x * channels, (x + 1) * channels));
      if (samples.length === 0) break; // an empty pass has no scanlines
      const row = pack(samples, spec.bitDepth);
      out.push(filterScanline(filterOf(out.length), row, prev, bpp));
      prev = row;
    }
  }
  return Buffer.concat(out);
}

function buildPng(spec: Spec, options: BuildOptions = {}): Buffer {
  const z = deflateSync(scanlines(spec, options));
  const parts = options.idatParts ?? 1;
  const idat: Buffer[] = [];
  for (let i = 0; i < parts; i++) {
    idat.push(pngChunk('IDAT', z.subarray(Math.floor((i * z.length) / parts), Math.floor(((i + 1) * z.length) / parts))));
  }
  return Buffer.concat([
    PNG_SIGNATURE,
    header(spec, options.interlace ?? false),
    ...(spec.plte ? [pngChunk('PLTE', Uint8Array.from(spec.plte.flat()))] : []),
    ...(spec.trns ? [pngChunk('tRNS', Uint8Array.from(spec.trns))] : []),
    ...idat,
    pngChunk('IEND'),
  ]);
}

/** A minimal PNG from raw (already filtered) scanlines. */
function rawPng(width: number, height: number, raw: Uint8Array, bitDepth = 8, colorType = 0): Buffer {
  return Buffer.concat([PNG_SIGNATURE, ihdr(width, height, bitDepth, colorType), pngChunk('IDAT', deflateSync(raw)), pngChunk('IEND')]);
}

const pixels = (img: RgbaImage): number[][] => Array.from({ length: img.width * img.height }, (_, i) => [...img.rgba.subarray(i * 4, i * 4 + 4)]);
const grey = (v: number, a = 255) => [v, v, v, a];
const round16 = (v: number) => Math.round(v / 257);

function image(width: number, height: number, pixel: (x: number, y: number) => readonly number[]): RgbaImage {
  const rgba = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) rgba.set(pixel(x, y), (y * width + x) * 4);
  return { width, height, rgba };
}

// ---------------------------------------------------------------------------------------------------------------------

interface Case {
  name: string;
  spec: Spec;
  expected: number[][];
}

const CASES: Case[] = [
  {
    name: 'greyscale 1-bit (width not a multiple of 8)',
    spec: { width: 10, height: 2, colorType: 0, bitDepth: 1, rows: [[1, 0, 1, 1, 0, 0, 1, 0, 1, 0], [0, 1, 0, 0, 1, 1, 0, 1, 0, 1]] },
    expected: [1, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0, 1, 0, 0, 1, 1, 0, 1, 0, 1].map((v) => grey(v * 255)),
  },
  {
    name: 'greyscale 2-bit',
    spec: { width: 5, height: 1, colorType: 0, bitDepth: 2, rows: [[0, 1, 2, 3, 2]] },
    expected: [grey(0), grey(85), grey(170), grey(255), grey(170)],
  },
  {
    name: 'greyscale 2-bit with a tRNS colour key',
    spec: { width: 4, height: 1, colorType: 0, bitDepth: 2, rows: [[0, 1, 2, 3]], trns: [0, 2] },
    expected: [grey(0), grey(85), grey(170, 0), grey(255)],
  },
  {
    name: 'greyscale 4-bit',
    spec: { width: 3, height: 2, colorType: 0, bitDepth: 4, rows: [[0, 7, 15], [1, 8, 14]] },
    expected: [grey(0), grey(119), grey(255), grey(17), grey(136), grey(238)],
  },
  {
    name: 'greyscale 8-bit with a tRNS colour key',
    spec: { width: 3, height: 1, colorType: 0, bitDepth: 8, rows: [[0x00, 0x33, 0xff]], trns: [0x00, 0x33] },
    expected: [grey(0), grey(0x33, 0), grey(255)],
  },
  {
    name: 'greyscale 16-bit with a tRNS colour key compared at full precision',
    spec: { width: 4, height: 1, colorType: 0, bitDepth: 16, rows: [[0x1234, 0x12ff, 0xffff, 0x0000]], trns: [0x12, 0x34] },
    expected: [grey(round16(0x1234), 0), grey(round16(0x12ff)), grey(255), grey(0)],
  },
  {
    name: 'truecolour 8-bit with a tRNS colour key',
    spec: { width: 3, height: 1, colorType: 2, bitDepth: 8, rows: [[10, 20, 30, 10, 20, 31, 255, 0, 128]], trns: [0, 10, 0, 20, 0, 30] },
    expected: [[10, 20, 30, 0], [10, 20, 31, 255], [255, 0, 128, 255]],
  },
  {
    name: 'truecolour 16-bit with a tRNS colour key',
    spec: {
      width: 2,
      height: 2,
      colorType: 2,
      bitDepth: 16,
      rows: [[0xffff, 0x8000, 0x0000, 0x0101, 0x0202, 0x1234], [0x0000, 0x0000, 0x0000, 0x0101, 0x0202, 0x1235]],
      trns: [0x01, 0x01, 0x02, 0x02, 0x12, 0x34],
    },
    expected: [[255, 128, 0, 255], [1, 2, round16(0x1234), 0], [0, 0, 0, 255], [1, 2, round16(0x1235), 255]],
  },
  {
    name: 'indexed 1-bit',
    spec: { width: 9, height: 1, colorType: 3, bitDepth: 1, rows: [[0, 1, 1, 0, 0, 0, 1, 0, 1]], plte: [[255, 0, 0], [0, 0, 255]] },
    expected: [0, 1, 1, 0, 0, 0, 1, 0, 1].map((i) => (i ? [0, 0, 255, 255] : [255, 0, 0, 255])),
  },
  {
    name: 'indexed 2-bit with a tRNS shorter than the palette',
    spec: {
      width: 4,
      height: 1,
      colorType: 3,
      bitDepth: 2,
      rows: [[0, 1, 2, 3]],
      plte: [[1, 2, 3], [4, 5, 6], [7, 8, 9], [10, 11, 12]],
      trns: [0, 128],
    },
    expected: [[1, 2, 3, 0], [4, 5, 6, 128], [7, 8, 9, 255], [10, 11, 12, 255]],
  },
  {
    name: 'indexed 4-bit',
    spec: {
      width: 5,
      height: 1,
      colorType: 3,
      bitDepth: 4,
      rows: [[15, 0, 7, 8, 1]],
      plte: Array.from({ length: 16 }, (_, i) => [i * 16, 255 - i, i]),
    },
    expected: [15, 0, 7, 8, 1].map((i) => [i * 16, 255 - i, i, 255]),
  },
  {
    name: 'indexed 8-bit with tRNS',
    spec: {
      width: 3,
      height: 2,
      colorType: 3,
      bitDepth: 8,
      rows: [[2, 1, 0], [0, 0, 2]],
      plte: [[9, 9, 9], [200, 100, 50], [0, 255, 0]],
      trns: [255, 0, 64],
    },
    expected: [[0, 255, 0, 64], [200, 100, 50, 0], [9, 9, 9, 255], [9, 9, 9, 255], [9, 9, 9, 255], [0, 255, 0, 64]],
  },
  {
    name: 'greyscale + alpha 8-bit',
    spec: { width: 2, height: 1, colorType: 4, bitDepth: 8, rows: [[10, 0, 200, 255]] },
    expected: [grey(10, 0), grey(200, 255)],
  },
  {
    name: 'greyscale + alpha 16-bit',
    spec: { width: 2, height: 1, colorType: 4, bitDepth: 16, rows: [[0xffff, 0x8000, 0x0202, 0x0000]] },
    expected: [grey(255, 128), grey(2, 0)],
  },
  {
    name: 'RGBA 8-bit',
    spec: { width: 2, height: 2, colorType: 6, bitDepth: 8, rows: [[1, 2, 3, 4, 250, 251, 252, 253], [0, 0, 0, 0, 255, 255, 255, 255]] },
    expected: [[1, 2, 3, 4], [250, 251, 252, 253], [0, 0, 0, 0], [255, 255, 255, 255]],
  },
  {
    name: 'RGBA 16-bit',
    spec: { width: 2, height: 1, colorType: 6, bitDepth: 16, rows: [[0xffff, 0x0000, 0x7f7f, 0x8080, 0x0102, 0x0304, 0x0506, 0xfffe]] },
    expected: [[255, 0, 127, 128], [round16(0x0102), round16(0x0304), round16(0x0506), 255]],
  },
];

describe('decodePng', () => {
  describe.each(CASES)('$name', ({ spec, expected }) => {
    it('decodes to the expected RGBA pixels', () => {
      const img = decodePng(buildPng(spec));
      expect([img.width, img.height]).toEqual([spec.width, spec.height]);
      expect(pixels(img)).toEqual(expected);
    });

    it.each([0, 1, 2, 3, 4])('with every scanline using filter type %i', (filter) => {
      expect(pixels(decodePng(buildPng(spec, { filter })))).toEqual(expected);
    });

    it('Adam7 interlaced, with varied filters and split IDAT', () => {
      expect(pixels(decodePng(buildPng(spec, { interlace: true, filter: (n) => n % 5, idatParts: 3 })))).toEqual(expected);
    });
  });

  it('reverses hand-computed filters, including modulo-256 wrap-around', () => {
    const raw = Uint8Array.from([
      ...[1, 10, 5, 5], // Sub → 10 15 20
      ...[2, 1, 1, 1], // Up → 11 16 21
      ...[3, 4, 4, 4], // Average → 4+(0+11)/2=9, 4+(9+16)/2=16, 4+(16+21)/2=22
      ...[4, 1, 1, 1], // Paeth → 1+9=10, 1+16=17, 1+22=23
      ...[0, 250, 6, 255], // None
      ...[1, 250, 10, 0], // Sub → 250, 260 mod 256 = 4, 4
    ]);
    const img = decodePng(rawPng(3, 6, raw));
    expect(pixels(img).map((p) => p[0])).toEqual([10, 15, 20, 11, 16, 21, 9, 16, 22, 10, 17, 23, 250, 6, 255, 250, 4, 4]);
  });

  it('uses the right left-neighbour distance for filters at 16 bits (6 bytes per pixel) and sub-byte depths (1)', () => {
    const rgb16: Spec = {
      width: 6,
      height: 5,
      colorType: 2,
      bitDepth: 16,
      rows: Array.from({ length: 5 }, (_, y) => Array.from({ length: 18 }, (_, i) => (y * 7919 + i * 3571) % 65536)),
    };
    const grey4: Spec = {
      width: 7,
      height: 5,
      colorType: 0,
      bitDepth: 4,
      rows: Array.from({ length: 5 }, (_, y) => Array.from({ length: 7 }, (_, x) => (x * 5 + y * 3) % 16)),
    };
    for (const spec of [rgb16, grey4]) {
      const reference = pixels(decodePng(buildPng(spec)));
      for (let filter = 1; filter <= 4; filter++) expect(pixels(decodePng(buildPng(spec, { filter })))).toEqual(reference);
      expect(pixels(decodePng(buildPng(spec, { filter: (n) => (n * 3) % 5 })))).toEqual(reference);
    }
  });

  it('decodes Adam7 images of awkward sizes (empty passes, partial blocks) like their non-interlaced twins', () => {
    for (const [width, height] of [[1, 1], [2, 3], [5, 1], [1, 9], [13, 11], [17, 16]] as const) {
      const rgba: Spec = {
        width,
        height,
        colorType: 6,
        bitDepth: 8,
        rows: Array.from({ length: height }, (_, y) => Array.from({ length: width * 4 }, (_, i) => (i * 37 + y * 101) % 256)),
      };
      const bits: Spec = {
        width,
        height,
        colorType: 0,
        bitDepth: 1,
        rows: Array.from({ length: height }, (_, y) => Array.from({ length: width }, (_, x) => (x * x + y) % 3 === 0 ? 1 : 0)),
      };
      for (const spec of [rgba, bits]) {
        const plain = decodePng(buildPng(spec, { filter: (n) => n % 5 }));
        const interlaced = decodePng(buildPng(spec, { interlace: true, filter: (n) => (n + 2) % 5 }));
        expect(interlaced).toEqual(plain);
      }
    }
  });

  it('skips ancillary chunks and ignores bytes after IEND', () => {
    const png = buildTestPng(3, 2, { colorType: 6, pixel: (x, y) => [x, y, 7, 200], extraChunks: [pngChunk('tEXt', Buffer.from('Title\0Logo'))] });
    const img = decodePng(Buffer.concat([png, Buffer.from('trailing junk')]));
    expect(pixels(img)).toEqual([[0, 0, 7, 200], [1, 0, 7, 200], [2, 0, 7, 200], [0, 1, 7, 200], [1, 1, 7, 200], [2, 1, 7, 200]]);
  });
});

describe('decodePng on malformed input', () => {
  const valid = buildPng(CASES[4]!.spec);
  const ihdrData = (width: number, height: number, bitDepth: number, colorType: number) => ihdr(width, height, bitDepth, colorType).subarray(8, 21);
  const withChunks = (...chunks: Buffer[]) => Buffer.concat([PNG_SIGNATURE, ...chunks]);
  const idat = (raw: number[]) => pngChunk('IDAT', deflateSync(Uint8Array.from(raw)));
  const iend = pngChunk('IEND');

  it.each<[string, Uint8Array, RegExp]>([
    ['an empty input', new Uint8Array(0), /signature/],
    ['a wrong signature', Buffer.concat([Buffer.from('not a png'), valid.subarray(9)]), /signature/],
    ['a JPEG', Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0, 0, 0, 0, 0]), /signature/],
    ['a bad IHDR CRC', withChunks(pngChunk('IHDR', ihdrData(1, 1, 8, 0), { crc: 1 }), idat([0, 0]), iend), /IHDR chunk has a bad CRC/],
    ['a bad IDAT CRC', withChunks(ihdr(1, 1, 8, 0), pngChunk('IDAT', deflateSync(Buffer.from([0, 0])), { crc: 0xdeadbeef }), iend), /IDAT chunk has a bad CRC/],
    ['no IHDR', withChunks(idat([0, 0]), iend), /first chunk is IDAT, not IHDR/],
    ['no IDAT', withChunks(ihdr(1, 1, 8, 0), iend), /no IDAT/],
    ['no IEND', withChunks(ihdr(1, 1, 8, 0), idat([0, 0])), /truncated before the IEND/],
    ['two IHDR chunks', withChunks(ihdr(1, 1, 8, 0), ihdr(1, 1, 8, 0), idat([0, 0]), iend), /more than one IHDR/],
    ['non-consecutive IDATs', withChunks(ihdr(1, 1, 8, 0), idat([0]), pngChunk('tEXt', Buffer.from('a\0b')), idat([0]), iend), /not consecutive/],
    ['an unknown critical chunk', withChunks(ihdr(1, 1, 8, 0), pngChunk('ABCD'), idat([0, 0]), iend), /unknown critical chunk ABCD/],
    ['RGB at 4 bits', withChunks(ihdr(1, 1, 4, 2), idat([0, 0]), iend), /bit depth 4 is not allowed for colour type 2/],
    ['indexed at 16 bits', withChunks(ihdr(1, 1, 16, 3), idat([0, 0]), iend), /bit depth 16 is not allowed for colour type 3/],
    ['colour type 5', withChunks(ihdr(1, 1, 8, 5), idat([0, 0]), iend), /colour type 5/],
    ['a zero width', withChunks(ihdr(0, 1, 8, 0), idat([0]), iend), /empty/],
    ['a width above 10000 px', withChunks(ihdr(10_001, 1, 8, 0), idat([0]), iend), /10001×1 pixels; at most 10000/],
    ['a height above 10000 px', withChunks(ihdr(1, 20_000, 8, 0), idat([0]), iend), /1×20000 pixels; at most 10000/],
    ['too little image data', withChunks(ihdr(2, 2, 8, 0), idat([0, 1, 2]), iend), /decompresses to 3 bytes instead of the 6/],
    ['too much image data', withChunks(ihdr(2, 1, 8, 0), idat([0, 1, 2, 0, 1, 2]), iend), /more than the 3 bytes/],
    ['a decompression bomb', withChunks(ihdr(1, 1, 8, 0), pngChunk('IDAT', deflateSync(Buffer.alloc(1 << 20))), iend), /more than the 2 bytes/],
    ['corrupt zlib data', withChunks(ihdr(1, 1, 8, 0), pngChunk('IDAT', Buffer.from([0x78, 0x9c, 0xff, 0xff, 0xff])), iend), /cannot be decompressed/],
    ['an unknown filter type', withChunks(ihdr(1, 1, 8, 0), idat([5, 0]), iend), /unknown filter type 5/],
    ['an indexed image without PLTE', withChunks(ihdr(1, 1, 8, 3), idat([0, 0]), iend), /no PLTE/],
    ['a palette index out of range', withChunks(ihdr(1, 1, 8, 3), pngChunk('PLTE', Buffer.from([1, 2, 3])), idat([0, 1]), iend), /palette index 1 is out of range/],
    ['a PLTE of bad length', withChunks(ihdr(1, 1, 8, 3), pngChunk('PLTE', Buffer.from([1, 2])), idat([0, 0]), iend), /PLTE chunk has an invalid length/],
    ['a greyscale tRNS of bad length', withChunks(ihdr(1, 1, 8, 0), pngChunk('tRNS', Buffer.from([1])), idat([0, 0]), iend), /tRNS chunk has an invalid length/],
  ])('rejects %s', (_name, bytes, message) => {
    expect(() => decodePng(bytes)).toThrow(PngError);
    expect(() => decodePng(bytes)).toThrow(message);
  });

  it('rejects every truncation of a valid file', () => {
    expect(() => decodePng(valid)).not.toThrow();
    for (let length = 0; length < valid.length; length++) {
      expect(() => decodePng(valid.subarray(0, length)), `${length} bytes`).toThrow(/Invalid PNG: .*(signature|truncated)/);
    }
  });

  it('rejects any single flipped bit (CRC or signature catch it)', () => {
    for (let i = 0; i < valid.length; i++) {
      const corrupted = Buffer.from(valid);
      corrupted[i]! ^= 0x10;
      expect(() => decodePng(corrupted), `byte ${i}`).toThrow(PngError);
    }
  });
});

describe('encodePng', () => {
  it('round-trips any RGBA image through decodePng', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 24 }),
        fc.integer({ min: 1, max: 24 }),
        fc.infiniteStream(fc.integer({ min: 0, max: 255 })),
        (width, height, values) => {
          const rgba = Uint8Array.from(values.take(width * height * 4));
          expect(decodePng(encodePng({ width, height, rgba }))).toEqual({ width, height, rgba });
        },
      ),
      { numRuns: 60 },
    );
  });

  it('writes an 8-bit RGBA non-interlaced PNG that probeImage accepts', () => {
    const png = encodePng(image(7, 3, () => [1, 2, 3, 4]));
    expect(probeImage(png)).toEqual({ format: 'png', width: 7, height: 3 });
    expect([...png.subarray(24, 29)]).toEqual([8, 6, 0, 0, 0]); // bit depth, colour type, compression, filter, interlace
  });

  it('chooses filters by the minimum sum of absolute differences', () => {
    // A horizontal gradient with identical rows: Sub wins on the first row, Up (all zeros) on the rest.
    const png = encodePng(image(40, 5, (x) => [x * 3, 100, 200 - x, 255]));
    const idatLength = png.readUInt32BE(33);
    const raw = inflateSync(png.subarray(41, 41 + idatLength));
    const filters = Array.from({ length: 5 }, (_, y) => raw[y * (1 + 40 * 4)]);
    expect(filters).toEqual([1, 2, 2, 2, 2]);
  });

  it('rejects pixel data of the wrong length', () => {
    expect(() => encodePng({ width: 2, height: 2, rgba: new Uint8Array(15) })).toThrow(/needs 16 RGBA bytes/);
    expect(() => encodePng({ width: 0, height: 2, rgba: new Uint8Array(0) })).toThrow(PngError);
  });
});

describe('resizeRgba', () => {
  it.each([
    [300, 300, 48, 48],
    [216, 216, 90, 90],
    [350, 350, 90, 90],
    [3, 3, 10, 10],
    [50, 7, 9, 20],
  ])('keeps a uniform colour uniform (%i×%i → %i×%i)', (sw, sh, dw, dh) => {
    for (const colour of [[12, 200, 99, 255], [250, 10, 128, 77]]) {
      const out = resizeRgba(image(sw, sh, () => colour), dw, dh);
      expect([out.width, out.height]).toEqual([dw, dh]);
      expect(new Set(pixels(out).map((p) => p.join()))).toEqual(new Set([colour.join()]));
    }
  });

  it('averages a black/white pixel checkerboard to mid grey', () => {
    const out = resizeRgba(image(300, 300, (x, y) => ((x + y) % 2 ? grey(255) : grey(0))), 48, 48);
    for (const [r, g, b, a] of pixels(out)) {
      expect(Math.abs(r! - 127.5)).toBeLessThanOrEqual(4);
      expect([g, b, a]).toEqual([r, r, 255]);
    }
  });

  it('weights source pixels by fractional coverage', () => {
    // 5 → 2 columns: each output covers 2.5 source columns. A white column at x=1 is wholly inside the first.
    const out = resizeRgba(image(5, 1, (x) => grey(x === 1 ? 255 : 0)), 2, 1);
    expect(pixels(out)).toEqual([grey(102), grey(0)]); // 255 × 1 / 2.5
    // The middle column x=2 is split half and half.
    expect(pixels(resizeRgba(image(5, 1, (x) => grey(x === 2 ? 255 : 0)), 2, 1))).toEqual([grey(51), grey(51)]);
  });

  it('keeps an edge that falls on a pixel boundary sharp (216 → 90)', () => {
    const out = resizeRgba(image(216, 216, (x) => grey(x < 108 ? 0 : 255)), 90, 90);
    expect(pixels(out).slice(0, 90).map((p) => p[0])).toEqual([...new Array<number>(45).fill(0), ...new Array<number>(45).fill(255)]);
  });

  it('does not bleed the colour of fully transparent pixels', () => {
    // Opaque red on the left, transparent *green* on the right; a naive average would turn the edge brownish.
    const src = image(300, 300, (x, y) => (x < 151 && y < 203 ? [255, 0, 0, 255] : [0, 255, 0, 0]));
    const out = resizeRgba(src, 48, 48);
    const alphas = new Set<number>();
    for (const [r, g, b, a] of pixels(out)) {
      alphas.add(a!);
      if (a! > 0) expect([r, g, b]).toEqual([255, 0, 0]);
      else expect([r, g, b]).toEqual([0, 0, 0]);
    }
    expect([...alphas].some((a) => a > 0 && a < 255)).toBe(true); // the edge is partially covered
  });

  it('upscales bilinearly', () => {
    const out = resizeRgba(image(2, 1, (x) => grey(x * 255)), 4, 1);
    expect(pixels(out)).toEqual([grey(0), grey(64), grey(191), grey(255)]);
  });

  it('returns a copy when the size is unchanged and rejects invalid sizes', () => {
    const src = image(2, 2, (x, y) => [x, y, 0, 9]);
    const out = resizeRgba(src, 2, 2);
    expect(out).toEqual(src);
    expect(out.rgba).not.toBe(src.rgba);
    expect(() => resizeRgba(src, 0, 5)).toThrow(PngError);
    expect(() => resizeRgba(src, 1.5, 5)).toThrow(PngError);
    expect(() => resizeRgba(src, 10_001, 5)).toThrow(PngError);
  });
});

describe('resizePng', () => {
  it.each([
    [300, 48],
    [216, 90],
    [350, 90],
  ])('turns a %i px logo into a %i px PNG that probeImage accepts', (size, target) => {
    const logo = buildTestPng(size, size, { colorType: 6, pixel: (x) => (x < size / 2 ? [0, 120, 212, 255] : [255, 255, 255, 0]) });
    const small = resizePng(logo, target, target);
    expect(probeImage(small)).toEqual({ format: 'png', width: target, height: target });
    const img = decodePng(small);
    expect(pixels(img)[0]).toEqual([0, 120, 212, 255]);
    expect(pixels(img)[target - 1]).toEqual([0, 0, 0, 0]);
  });

  it('propagates decoding errors', () => {
    expect(() => resizePng(Buffer.from('GIF89a'), 48, 48)).toThrow(/signature/);
  });
});
