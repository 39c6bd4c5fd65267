import { crc32 as zlibCrc32 } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isPdf, probeImage, probeMedia, probePdf } from './probe.js';
import {
  PNG_SIGNATURE,
  crc32,
  encodePng,
  gifSample,
  ihdr,
  jpegSample,
  pdfSample,
  pngChunk,
  webpVp8Sample,
  webpVp8lSample,
  webpVp8xSample,
} from './testing/png.js';

describe('test helpers', () => {
  it('compute the same CRC-32 as zlib', () => {
    for (const text of ['', 'IEND', 'IHDR123456789', 'The quick brown fox']) {
      const bytes = Buffer.from(text);
      expect(crc32(bytes)).toBe(zlibCrc32(bytes));
    }
    // The well-known CRC of an empty IEND chunk.
    expect(pngChunk('IEND').subarray(8).toString('hex')).toBe('ae426082');
  });
});

describe('probeImage: PNG', () => {
  it.each([
    [216, 216],
    [215, 215],
    [350, 350],
    [351, 351],
    [1280, 720],
    [1280, 721],
    [1, 1],
  ])('reads %i×%i from IHDR', (width, height) => {
    expect(probeImage(encodePng(width, height))).toEqual({ format: 'png', width, height });
  });

  it('reads RGBA PNGs and PNGs with ancillary chunks', () => {
    const text = pngChunk('tEXt', Buffer.from('Comment\0hello', 'latin1'));
    expect(probeImage(encodePng(300, 300, { colorType: 6, extraChunks: [text] }))).toEqual({ format: 'png', width: 300, height: 300 });
  });

  it('refuses a PNG whose first chunk is not IHDR', () => {
    const png = encodePng(216, 216);
    const ihdrChunk = png.subarray(8, 33);
    const idatAndEnd = png.subarray(33);
    const reordered = Buffer.concat([PNG_SIGNATURE, pngChunk('tEXt', Buffer.from('a\0b')), ihdrChunk, idatAndEnd]);
    const probe = probeImage(reordered);
    expect(probe.format).toBe('unknown');
    expect(probe.looksLike).toBe('png');
    expect(probe.problem).toMatch(/IHDR/);
  });

  it('refuses a wrong checksum in IHDR or in a later chunk', () => {
    const png = encodePng(216, 216);
    const badHeader = Buffer.from(png);
    badHeader[17] = badHeader[17]! ^ 0x01; // flip a bit of the width, CRC no longer matches
    expect(probeImage(badHeader)).toMatchObject({ format: 'unknown', looksLike: 'png' });

    const badData = Buffer.from(png);
    badData[45] = badData[45]! ^ 0xff; // inside IDAT
    expect(probeImage(badData)).toMatchObject({ format: 'unknown', problem: expect.stringMatching(/IDAT/) });
  });

  it('refuses invalid IHDR fields, missing IDAT, two IHDRs', () => {
    const build = (...chunks: Buffer[]) => Buffer.concat([PNG_SIGNATURE, ...chunks, pngChunk('IEND')]);
    const idat = pngChunk('IDAT', Buffer.from([0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01]));
    expect(probeImage(build(ihdr(0, 10), idat)).format).toBe('unknown');
    expect(probeImage(build(ihdr(10, 10, 7, 2), idat)).format).toBe('unknown'); // bit depth 7
    expect(probeImage(build(ihdr(10, 10, 8, 5), idat)).format).toBe('unknown'); // colour type 5
    expect(probeImage(build(ihdr(10, 10, 8, 3), idat)).format).toBe('unknown'); // palette without PLTE
    expect(probeImage(build(ihdr(10, 10))).problem).toMatch(/IDAT/);
    expect(probeImage(build(ihdr(10, 10), ihdr(10, 10), idat)).problem).toMatch(/more than one IHDR/);
    expect(probeImage(build(ihdr(10, 10), idat))).toEqual({ format: 'png', width: 10, height: 10 });
  });

  it('refuses every truncation of a valid PNG, without throwing', () => {
    const png = encodePng(216, 216);
    for (let length = 0; length < png.length; length++) {
      const probe = probeImage(png.subarray(0, length));
      expect(probe.format, `prefix of ${length} bytes`).toBe('unknown');
    }
    expect(probeImage(png.subarray(0, 20))).toMatchObject({ looksLike: 'png', problem: expect.stringMatching(/ends/) });
  });
});

describe('probeImage: other formats', () => {
  it('reads the frame size of a JPEG (baseline and progressive)', () => {
    expect(probeImage(jpegSample(400, 300))).toEqual({ format: 'jpeg', width: 400, height: 300 });
    expect(probeImage(jpegSample(1280, 720, { sof: 0xc2 }))).toEqual({ format: 'jpeg', width: 1280, height: 720 });
  });

  it('does not take DHT (FFC4) for a frame header, and tolerates fill bytes', () => {
    const jpeg = jpegSample(640, 480);
    // Move the DHT segment (FF C4 ...) before SOF and add fill bytes: size must still come from SOF0.
    const sofAt = jpeg.indexOf(Buffer.from([0xff, 0xc0]));
    const dhtAt = jpeg.indexOf(Buffer.from([0xff, 0xc4]));
    const sosAt = jpeg.indexOf(Buffer.from([0xff, 0xda]));
    const reordered = Buffer.concat([
      jpeg.subarray(0, sofAt),
      Buffer.from([0xff, 0xff]),
      jpeg.subarray(dhtAt, sosAt),
      jpeg.subarray(sofAt, dhtAt),
      jpeg.subarray(sosAt),
    ]);
    expect(probeImage(reordered)).toEqual({ format: 'jpeg', width: 640, height: 480 });
  });

  it('refuses a JPEG with image data before any frame header, and truncated JPEGs', () => {
    const noFrame = Buffer.from([0xff, 0xd8, 0xff, 0xda, 0x00, 0x02, 0xff, 0xd9]);
    expect(probeImage(noFrame)).toMatchObject({ format: 'unknown', looksLike: 'jpeg' });
    const jpeg = jpegSample(400, 300);
    const sofEnd = jpeg.indexOf(Buffer.from([0xff, 0xc0])) + 9;
    for (let length = 0; length < sofEnd; length++) {
      expect(probeImage(jpeg.subarray(0, length)).format).toBe('unknown');
    }
  });

  it('reads GIF logical screen size', () => {
    expect(probeImage(gifSample(350, 216))).toEqual({ format: 'gif', width: 350, height: 216 });
    expect(probeImage(gifSample(350, 216).subarray(0, 9)).format).toBe('unknown');
  });

  it('reads WebP sizes from VP8, VP8L and VP8X', () => {
    expect(probeImage(webpVp8Sample(1280, 720))).toEqual({ format: 'webp', width: 1280, height: 720 });
    expect(probeImage(webpVp8lSample(216, 217))).toEqual({ format: 'webp', width: 216, height: 217 });
    expect(probeImage(webpVp8xSample(20000, 3))).toEqual({ format: 'webp', width: 20000, height: 3 });
    expect(probeImage(webpVp8Sample(1280, 720).subarray(0, 28)).format).toBe('unknown');
  });

  it('does not recognise a PDF, text, or empty input as an image', () => {
    expect(probeImage(pdfSample())).toEqual({ format: 'unknown' });
    expect(probeImage(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'))).toEqual({ format: 'unknown' });
    expect(probeImage(new Uint8Array(0))).toEqual({ format: 'unknown' });
  });

  it('never throws on arbitrary bytes, or on arbitrary bytes behind a known signature', () => {
    const signatures = [
      [...PNG_SIGNATURE],
      [0xff, 0xd8, 0xff],
      [...Buffer.from('GIF89a')],
      [...Buffer.from('RIFF\0\0\0\0WEBPVP8 ')],
      [...Buffer.from('RIFF\0\0\0\0WEBPVP8L')],
      [...Buffer.from('RIFF\0\0\0\0WEBPVP8X')],
      [...Buffer.from('%PDF-1.4')],
      [],
    ];
    fc.assert(
      fc.property(fc.constantFrom(...signatures), fc.uint8Array({ maxLength: 300 }), (signature, tail) => {
        const bytes = Uint8Array.from([...signature, ...tail]);
        const probe = probeImage(bytes);
        expect(['png', 'jpeg', 'gif', 'webp', 'unknown']).toContain(probe.format);
        if (probe.format !== 'unknown') expect(probe.width).toBeGreaterThan(0);
        probeMedia(bytes);
        isPdf(bytes);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('isPdf', () => {
  it('accepts a PDF, also with up to 1024 leading bytes', () => {
    expect(isPdf(pdfSample())).toBe(true);
    expect(isPdf(pdfSample({ prefix: 'x'.repeat(1023) }))).toBe(true);
    expect(isPdf(pdfSample({ prefix: 'x'.repeat(1024) }))).toBe(false);
  });

  it('accepts %%EOF followed by up to 1024 bytes of trailing whitespace, not more', () => {
    const pdf = pdfSample();
    expect(isPdf(Buffer.concat([pdf, Buffer.alloc(1018, 0x20)]))).toBe(true);
    expect(isPdf(Buffer.concat([pdf, Buffer.alloc(1025, 0x20)]))).toBe(false);
  });

  it('refuses a truncated PDF, a header without version, a PNG, and empty input', () => {
    const pdf = pdfSample();
    expect(probePdf(pdf.subarray(0, pdf.length - 10))).toEqual({ ok: false, looksLikePdf: true, problem: expect.stringMatching(/%%EOF/) });
    expect(isPdf(Buffer.from('%PDF-x\n%%EOF\n'))).toBe(false);
    expect(isPdf(encodePng(10, 10))).toBe(false);
    expect(isPdf(new Uint8Array(0))).toBe(false);
    expect(probePdf(Buffer.from('hello'))).toMatchObject({ ok: false, looksLikePdf: false });
  });

  it('probeMedia names PDFs and images', () => {
    expect(probeMedia(pdfSample())).toEqual({ format: 'pdf' });
    expect(probeMedia(encodePng(2, 3))).toEqual({ format: 'png', width: 2, height: 3 });
    expect(probeMedia(Buffer.from('plain text'))).toEqual({ format: 'unknown' });
  });
});
