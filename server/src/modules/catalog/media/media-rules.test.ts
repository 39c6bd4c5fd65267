import { describe, expect, it } from 'vitest';
import { MAX_DOCUMENT_BYTES, MAX_IMAGE_BYTES, MEDIA_RULES, checkMedia, describeRule, formatBytes, type MediaKind } from './media-rules.js';
import { encodePng, gifSample, jpegSample, pdfSample, pngChunk, webpVp8Sample } from './testing/png.js';

const png = encodePng;

describe('MEDIA_RULES', () => {
  it('states the reference sizes', () => {
    expect(describeRule(MEDIA_RULES.logoLarge)).toBe('a square PNG between 216×216 and 350×350 pixels');
    expect(describeRule(MEDIA_RULES.logoMedium)).toBe('a PNG of exactly 90×90 pixels');
    expect(describeRule(MEDIA_RULES.logoSmall)).toBe('a PNG of exactly 48×48 pixels');
    expect(describeRule(MEDIA_RULES.screenshot)).toBe('a PNG of exactly 1280×720 pixels');
    expect(describeRule(MEDIA_RULES.videoThumbnail)).toBe('a PNG of exactly 1280×720 pixels');
    expect(describeRule(MEDIA_RULES.supportingDocument)).toBe('a PDF document');
  });

  it('is frozen', () => {
    expect(Object.isFrozen(MEDIA_RULES)).toBe(true);
  });
});

describe('checkMedia: large logo (216×216 to 350×350, square)', () => {
  it.each([216, 217, 300, 349, 350])('accepts %i×%i', (n) => {
    expect(checkMedia('logoLarge', png(n, n))).toEqual({ ok: true, format: 'png', contentType: 'image/png', size: expect.any(Number), width: n, height: n });
  });

  it.each([
    [215, 215],
    [351, 351],
    [400, 400],
    [48, 48],
  ])('refuses %i×%i', (w, h) => {
    expect(checkMedia('logoLarge', png(w, h))).toEqual({
      ok: false,
      code: 'ImageDimensionsInvalid',
      message: `The large logo must be a square PNG between 216×216 and 350×350 pixels; this PNG is ${w}×${h}.`,
    });
  });

  it('refuses a non-square logo even when both sides are in range', () => {
    expect(checkMedia('logoLarge', png(300, 250))).toMatchObject({ ok: false, code: 'ImageDimensionsInvalid', message: expect.stringContaining('this PNG is 300×250') });
    expect(checkMedia('logoLarge', png(216, 350))).toMatchObject({ ok: false, code: 'ImageDimensionsInvalid' });
  });

  it('names the format it found when the bytes are not PNG', () => {
    expect(checkMedia('logoLarge', jpegSample(300, 300))).toEqual({
      ok: false,
      code: 'UnsupportedMediaType',
      message: 'The large logo must be a square PNG between 216×216 and 350×350 pixels; this file is a JPEG image (300×300).',
    });
    expect(checkMedia('logoLarge', gifSample(300, 300))).toMatchObject({ code: 'UnsupportedMediaType', message: expect.stringContaining('this file is a GIF image (300×300)') });
    expect(checkMedia('logoLarge', webpVp8Sample(300, 300))).toMatchObject({ code: 'UnsupportedMediaType', message: expect.stringContaining('this file is a WebP image (300×300)') });
    expect(checkMedia('logoLarge', pdfSample())).toMatchObject({ code: 'UnsupportedMediaType', message: expect.stringContaining('this file is a PDF document') });
    expect(checkMedia('logoLarge', Buffer.from('<svg/>'))).toMatchObject({ code: 'UnsupportedMediaType', message: expect.stringContaining('not a recognised image') });
  });
});

describe('checkMedia: medium and small logos', () => {
  it('accept exactly 90×90 and 48×48', () => {
    expect(checkMedia('logoMedium', png(90, 90))).toMatchObject({ ok: true, width: 90, height: 90 });
    expect(checkMedia('logoSmall', png(48, 48))).toMatchObject({ ok: true, width: 48, height: 48 });
  });

  it('refuse other sizes', () => {
    expect(checkMedia('logoMedium', png(91, 90))).toEqual({
      ok: false,
      code: 'ImageDimensionsInvalid',
      message: 'The medium logo must be a PNG of exactly 90×90 pixels; this PNG is 91×90.',
    });
    expect(checkMedia('logoSmall', png(90, 90))).toMatchObject({ ok: false, code: 'ImageDimensionsInvalid', message: expect.stringContaining('this PNG is 90×90') });
  });
});

describe.each<[MediaKind, string]>([
  ['screenshot', 'screenshot'],
  ['videoThumbnail', 'video thumbnail'],
])('checkMedia: %s (exactly 1280×720)', (kind, label) => {
  it('accepts 1280×720', () => {
    expect(checkMedia(kind, png(1280, 720))).toMatchObject({ ok: true, format: 'png', width: 1280, height: 720 });
  });

  it.each([
    [1280, 721],
    [1280, 719],
    [1281, 720],
    [720, 1280],
    [1920, 1080],
  ])('refuses %i×%i', (w, h) => {
    expect(checkMedia(kind, png(w, h))).toEqual({
      ok: false,
      code: 'ImageDimensionsInvalid',
      message: `The ${label} must be a PNG of exactly 1280×720 pixels; this PNG is ${w}×${h}.`,
    });
  });

  it('refuses a 1280×720 JPEG', () => {
    expect(checkMedia(kind, jpegSample(1280, 720))).toEqual({
      ok: false,
      code: 'UnsupportedMediaType',
      message: `The ${label} must be a PNG of exactly 1280×720 pixels; this file is a JPEG image (1280×720).`,
    });
  });
});

describe('checkMedia: supporting document (PDF)', () => {
  it('accepts a PDF', () => {
    const pdf = pdfSample();
    expect(checkMedia('supportingDocument', pdf)).toEqual({ ok: true, format: 'pdf', contentType: 'application/pdf', size: pdf.length });
  });

  it('refuses a PNG, whatever it was called', () => {
    // "brochure.pdf" uploaded as application/pdf, but the bytes are a PNG: only the bytes count.
    expect(checkMedia('supportingDocument', png(216, 216))).toEqual({
      ok: false,
      code: 'UnsupportedMediaType',
      message: 'The supporting document must be a PDF document; this file is a PNG image (216×216).',
    });
  });

  it('refuses a truncated PDF, and text', () => {
    const pdf = pdfSample();
    expect(checkMedia('supportingDocument', pdf.subarray(0, pdf.length - 20))).toEqual({
      ok: false,
      code: 'UnsupportedMediaType',
      message: 'The supporting document must be a PDF document; this file is not a valid PDF (the PDF has no %%EOF marker at its end (it may be truncated)).',
    });
    expect(checkMedia('supportingDocument', Buffer.from('Just some text'))).toMatchObject({ ok: false, code: 'UnsupportedMediaType' });
  });
});

describe('checkMedia: empty, truncated and over-size files', () => {
  it('refuses empty files for every kind', () => {
    for (const kind of Object.keys(MEDIA_RULES) as MediaKind[]) {
      expect(checkMedia(kind, new Uint8Array(0))).toMatchObject({ ok: false, code: 'EmptyFile', message: expect.stringContaining(`The ${MEDIA_RULES[kind].label} file is empty`) });
    }
  });

  it('refuses a truncated PNG with a message that says so', () => {
    const full = png(1280, 720);
    expect(checkMedia('screenshot', full.subarray(0, full.length - 1))).toEqual({
      ok: false,
      code: 'UnsupportedMediaType',
      message: 'The screenshot must be a PNG of exactly 1280×720 pixels; this file is not a valid PNG (the PNG data ends before its IEND chunk).',
    });
    expect(checkMedia('logoLarge', full.subarray(0, 30))).toMatchObject({ code: 'UnsupportedMediaType', message: expect.stringContaining('not a valid PNG') });
  });

  it('refuses images over 5 MiB (checked on bytes, before parsing) and accepts exactly 5 MiB', () => {
    const base = png(1280, 720);
    // A valid PNG padded with a private ancillary chunk to exactly the limit, then one byte over.
    const padTo = (total: number) => {
      const padding = pngChunk('prVt', Buffer.alloc(total - base.length - 12));
      return Buffer.concat([base.subarray(0, 33), padding, base.subarray(33)]);
    };
    const atLimit = padTo(MAX_IMAGE_BYTES);
    expect(atLimit.length).toBe(MAX_IMAGE_BYTES);
    expect(checkMedia('screenshot', atLimit)).toMatchObject({ ok: true, size: MAX_IMAGE_BYTES });
    expect(checkMedia('screenshot', padTo(MAX_IMAGE_BYTES + 1))).toEqual({
      ok: false,
      code: 'FileTooLarge',
      message: 'The screenshot must be at most 5 MiB (5,242,880 bytes); this file is 5,242,881 bytes.',
    });
    expect(checkMedia('logoLarge', Buffer.alloc(6 * 1024 * 1024, 0x41))).toEqual({
      ok: false,
      code: 'FileTooLarge',
      message: 'The large logo must be at most 5 MiB; this file is 6 MiB.',
    });
  });

  it('refuses PDFs over 20 MiB', () => {
    const pdf = pdfSample();
    const big = Buffer.concat([pdf.subarray(0, 20), Buffer.alloc(MAX_DOCUMENT_BYTES, 0x20), pdf.subarray(20)]);
    expect(checkMedia('supportingDocument', big)).toEqual({
      ok: false,
      code: 'FileTooLarge',
      message: `The supporting document must be at most 20 MiB (20,971,520 bytes); this file is ${big.length.toLocaleString('en-US')} bytes.`,
    });
    const bigger = Buffer.concat([pdf.subarray(0, 20), Buffer.alloc(MAX_DOCUMENT_BYTES + 1024 * 1024, 0x20), pdf.subarray(20)]);
    expect(checkMedia('supportingDocument', bigger)).toMatchObject({ code: 'FileTooLarge', message: expect.stringMatching(/at most 20 MiB; this file is 21 MiB\.$/) });
    const padded = Buffer.concat([pdf.subarray(0, 20), Buffer.alloc(MAX_DOCUMENT_BYTES - pdf.length, 0x20), pdf.subarray(20)]);
    expect(checkMedia('supportingDocument', padded)).toMatchObject({ ok: true, size: MAX_DOCUMENT_BYTES });
  });
});

describe('formatBytes', () => {
  it('formats sizes', () => {
    expect(formatBytes(1)).toBe('1 byte');
    expect(formatBytes(37)).toBe('37 bytes');
    expect(formatBytes(2048)).toBe('2 KiB');
    expect(formatBytes(1536)).toBe('1.5 KiB');
    expect(formatBytes(5 * 1024 * 1024)).toBe('5 MiB');
    expect(formatBytes(6.25 * 1024 * 1024)).toBe('6.3 MiB');
  });
});
