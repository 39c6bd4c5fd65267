import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPublisher, testApp, type Publisher, type TestApp } from '../../../../test/helpers/app.js';
import { OfferClient } from '../../../../test/helpers/catalog.js';
import { decodePng } from './media/index.js';
import { PNG_SIGNATURE, encodePng, ihdr, jpegSample, pdfSample, pngChunk } from './media/testing/png.js';

let t: TestApp;
let pub: Publisher;
let offer: OfferClient;

beforeAll(async () => {
  t = await testApp();
  pub = await createPublisher(t);
  offer = await OfferClient.create(t, pub);
});
afterAll(async () => t?.close());

const upload = (kind: string, bytes: Buffer, contentType = 'application/octet-stream', fileName?: string) =>
  t.app.inject({
    method: 'POST',
    url: `${offer.base}/media?kind=${kind}${fileName ? `&fileName=${encodeURIComponent(fileName)}` : ''}`,
    headers: { ...pub.owner.headers, 'content-type': contentType },
    payload: bytes,
  });

const stored = async () => (await t.app.inject({ url: `${offer.base}/media`, headers: pub.owner.headers })).json().media as { mediaId: string }[];

describe('listing media uploads', () => {
  it('accepts files that meet the rules and serves them back', async () => {
    const logo = await upload('logoLarge', encodePng(300, 300), 'image/png', 'logo.png');
    expect(logo.statusCode).toBe(201);
    expect(logo.json()).toMatchObject({ kind: 'logoLarge', contentType: 'image/png', width: 300, height: 300, fileName: 'logo.png' });
    const shot = await upload('screenshot', encodePng(1280, 720));
    expect(shot.statusCode).toBe(201);
    const pdf = await upload('supportingDocument', pdfSample(), 'application/pdf');
    expect(pdf.statusCode).toBe(201);
    const back = await t.app.inject({ url: `${offer.base}/media/${logo.json().mediaId}`, headers: pub.owner.headers });
    expect(back.statusCode).toBe(200);
    expect(back.headers['content-type']).toBe('image/png');
    expect(Buffer.compare(back.rawPayload, encodePng(300, 300))).toBe(0);
  });

  it('checks the bytes at the boundaries, not the name or declared type, and stores nothing it refuses', async () => {
    const before = (await stored()).length;
    const refused: [string, Buffer, string, number][] = [
      ['logoLarge', encodePng(215, 215), 'image/png', 422],
      ['logoLarge', encodePng(351, 351), 'image/png', 422],
      ['logoLarge', jpegSample(300, 300), 'image/png', 415],
      ['screenshot', encodePng(1280, 721), 'image/png', 422],
      ['supportingDocument', encodePng(300, 300), 'application/pdf', 415],
      ['screenshot', Buffer.alloc(0), 'image/png', 400],
      ['screenshot', encodePng(1280, 720).subarray(0, 100), 'image/png', 415],
      ['spaceship', encodePng(300, 300), 'image/png', 400],
    ];
    for (const [kind, bytes, type, status] of refused) {
      const res = await upload(kind, bytes, type);
      expect(res.statusCode, `${kind} ${res.body}`).toBe(status);
      expect(res.json().error.message.length).toBeGreaterThan(10);
    }
    expect((await upload('logoLarge', encodePng(216, 216))).statusCode).toBe(201);
    expect((await upload('logoLarge', encodePng(350, 350))).statusCode).toBe(201);
    // Each Large logo brings a Medium and a Small one.
    expect((await stored()).length).toBe(before + 6);
  });

  it('makes the Medium (90×90) and Small (48×48) logos from the Large one, resized from its pixels', async () => {
    const red = encodePng(300, 300, { pixel: () => [0xd0, 0x10, 0x20, 0xff] });
    const res = await upload('logoLarge', red, 'image/png', 'brand.png');
    expect(res.statusCode, res.body).toBe(201);
    const derived = res.json().derived as { mediaId: string; kind: string; width: number; height: number; derivedFrom: string; fileName: string }[];
    expect(derived.map((d) => [d.kind, d.width, d.height, d.derivedFrom, d.fileName])).toEqual([
      ['logoMedium', 90, 90, res.json().mediaId, 'brand-90x90.png'],
      ['logoSmall', 48, 48, res.json().mediaId, 'brand-48x48.png'],
    ]);
    const small = await t.app.inject({ url: `${offer.base}/media/${derived[1]!.mediaId}`, headers: pub.owner.headers });
    const pixels = decodePng(small.rawPayload);
    expect([pixels.width, pixels.height]).toEqual([48, 48]);
    expect([...pixels.rgba.subarray(0, 4)]).toEqual([0xd0, 0x10, 0x20, 0xff]);
  });

  it('refuses a Large logo whose header is right but whose pixels cannot be read, and stores nothing', async () => {
    const before = (await stored()).length;
    const broken = Buffer.concat([PNG_SIGNATURE, ihdr(300, 300), pngChunk('IDAT', Buffer.from('not deflate data')), pngChunk('IEND')]);
    const res = await upload('logoLarge', broken, 'image/png');
    expect(res.statusCode, res.body).toBe(415);
    expect(res.json().error.message).toMatch(/not a readable PNG/);
    expect((await stored()).length).toBe(before);
  });

  it('is for offer writers of the account only', async () => {
    const other = await createPublisher(t);
    const res = await t.app.inject({ method: 'POST', url: `${offer.base}/media?kind=logoLarge`, headers: { ...other.owner.headers, 'content-type': 'image/png' }, payload: encodePng(300, 300) });
    expect(res.statusCode).toBe(403);
    const missing = await t.app.inject({ url: `${offer.base}/media/00000000-0000-4000-8000-000000000000`, headers: pub.owner.headers });
    expect(missing.statusCode).toBe(404);
  });
});
