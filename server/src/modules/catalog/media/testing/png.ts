/**
 * Test-only builders of real media bytes: a small PNG encoder (node:zlib deflate + our own CRC-32, written
 * independently of the one in probe.ts so a bug in one is not mirrored by the other), plus hand-made JPEG, GIF,
 * WebP and PDF samples.
 */
import { deflateSync } from 'node:zlib';

export const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Bitwise CRC-32 (reflected polynomial 0xEDB88320), as PNG uses it. Slow and obviously correct. */
export function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let bit = 0; bit < 8; bit++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

/** One PNG chunk: length, type, data, CRC over type + data. `crc` overrides the checksum (to build broken files). */
export function pngChunk(type: string, data: Uint8Array = new Uint8Array(0), options: { crc?: number } = {}): Buffer {
  const typeBytes = Buffer.from(type, 'latin1');
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  typeBytes.copy(out, 4);
  Buffer.from(data).copy(out, 8);
  out.writeUInt32BE(options.crc ?? crc32(Buffer.concat([typeBytes, data])), 8 + data.length);
  return out;
}

export function ihdr(width: number, height: number, bitDepth = 8, colorType = 2): Buffer {
  const data = Buffer.alloc(13);
  data.writeUInt32BE(width, 0);
  data.writeUInt32BE(height, 4);
  data[8] = bitDepth;
  data[9] = colorType;
  data[10] = 0; // compression
  data[11] = 0; // filter
  data[12] = 0; // interlace
  return pngChunk('IHDR', data);
}

export interface PngOptions {
  /** 2 = truecolour RGB (default), 6 = RGBA. 8 bits per channel. */
  colorType?: 2 | 6;
  /** Pixel colour (default a flat blue); `(x, y) => [r, g, b, a]`. */
  pixel?: (x: number, y: number) => readonly number[];
  /** Extra chunks inserted between IHDR and IDAT (e.g. a large private chunk to pad the file). */
  extraChunks?: Buffer[];
}

/** A real, decodable, non-interlaced 8-bit PNG of the given size. */
export function encodePng(width: number, height: number, options: PngOptions = {}): Buffer {
  const colorType = options.colorType ?? 2;
  const channels = colorType === 6 ? 4 : 3;
  const stride = 1 + width * channels;
  const raw = Buffer.alloc(stride * height);
  const pixel = options.pixel;
  for (let y = 0; y < height; y++) {
    raw[y * stride] = 0; // filter type: None
    for (let x = 0; x < width; x++) {
      const rgba = pixel ? pixel(x, y) : [0x00, 0x78, 0xd4, 0xff];
      for (let c = 0; c < channels; c++) raw[y * stride + 1 + x * channels + c] = rgba[c] ?? 0xff;
    }
  }
  return Buffer.concat([
    PNG_SIGNATURE,
    ihdr(width, height, 8, colorType),
    ...(options.extraChunks ?? []),
    pngChunk('IDAT', deflateSync(raw)),
    pngChunk('IEND'),
  ]);
}

/** A baseline JPEG skeleton: SOI, APP0 (JFIF), DQT, SOF0 with the size, DHT, SOS, a few scan bytes, EOI. */
export function jpegSample(width: number, height: number, options: { sof?: number } = {}): Buffer {
  const segment = (marker: number, payload: number[]) => [0xff, marker, ((payload.length + 2) >> 8) & 0xff, (payload.length + 2) & 0xff, ...payload];
  const app0 = segment(0xe0, [0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00]);
  const dqt = segment(0xdb, [0x00, ...new Array<number>(64).fill(1)]);
  const sof = segment(options.sof ?? 0xc0, [0x08, (height >> 8) & 0xff, height & 0xff, (width >> 8) & 0xff, width & 0xff, 0x01, 0x01, 0x11, 0x00]);
  const dht = segment(0xc4, [0x00, 0x01, ...new Array<number>(15).fill(0), 0x00]);
  const sos = segment(0xda, [0x01, 0x01, 0x00, 0x00, 0x3f, 0x00]);
  return Buffer.from([0xff, 0xd8, ...app0, ...dqt, ...sof, ...dht, ...sos, 0x00, 0x00, 0xff, 0xd9]);
}

export function gifSample(width: number, height: number): Buffer {
  const b = Buffer.from('GIF89a\0\0\0\0\x00\x00\x00;', 'latin1');
  b.writeUInt16LE(width, 6);
  b.writeUInt16LE(height, 8);
  return b;
}

function riff(chunk: string, payload: number[]): Buffer {
  const body = Buffer.concat([Buffer.from('WEBP', 'latin1'), Buffer.from(chunk, 'latin1'), Buffer.alloc(4), Buffer.from(payload)]);
  body.writeUInt32LE(payload.length, 8);
  const head = Buffer.alloc(8);
  head.write('RIFF', 0, 'latin1');
  head.writeUInt32LE(body.length, 4);
  return Buffer.concat([head, body]);
}

/** Lossy WebP ('VP8 ') header with the given size. */
export function webpVp8Sample(width: number, height: number): Buffer {
  return riff('VP8 ', [0x10, 0x02, 0x00, 0x9d, 0x01, 0x2a, width & 0xff, (width >> 8) & 0x3f, height & 0xff, (height >> 8) & 0x3f, 0, 0]);
}

/** Lossless WebP ('VP8L') header with the given size. */
export function webpVp8lSample(width: number, height: number): Buffer {
  const bits = ((width - 1) & 0x3fff) | (((height - 1) & 0x3fff) << 14);
  return riff('VP8L', [0x2f, bits & 0xff, (bits >>> 8) & 0xff, (bits >>> 16) & 0xff, (bits >>> 24) & 0xff, 0]);
}

/** Extended WebP ('VP8X') header with the given canvas size. */
export function webpVp8xSample(width: number, height: number): Buffer {
  const w = width - 1;
  const h = height - 1;
  return riff('VP8X', [0x00, 0, 0, 0, w & 0xff, (w >> 8) & 0xff, (w >> 16) & 0xff, h & 0xff, (h >> 8) & 0xff, (h >> 16) & 0xff]);
}

/** A small, well-formed one-page PDF (with a correct xref table). `prefix` adds leading bytes before the header. */
export function pdfSample(options: { prefix?: string; text?: string } = {}): Buffer {
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>',
  ];
  const stream = `BT /F1 12 Tf 72 720 Td (${options.text ?? 'Agora'}) Tj ET`;
  objects.push(`<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`);
  let body = '%PDF-1.7\n%\xe2\xe3\xcf\xd3\n';
  const offsets: number[] = [];
  objects.forEach((object, i) => {
    offsets.push(body.length);
    body += `${i + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) body += `${String(offset).padStart(10, '0')} 00000 n \n`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from((options.prefix ?? '') + body, 'latin1');
}
