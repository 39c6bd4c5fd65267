import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  DEFAULT_CONTENT_TYPE,
  InvalidStorageKeyError,
  LocalFileStorage,
  MemoryFileStorage,
  StoredFileCorruptError,
  isStorageKey,
  storageKeyFor,
  type FileStorage,
} from './index.js';

const BAD_KEYS = [
  '../../etc/passwd',
  'sha256/../../../etc/passwd',
  `sha256/ab/../../${'a'.repeat(64)}`,
  `sha256/ab/${'a'.repeat(64)}`, // directory does not match the hash
  `sha256/AA/${'A'.repeat(64)}`, // upper case
  `sha256/aa/${'a'.repeat(63)}`,
  `sha256/aa/${'a'.repeat(65)}`,
  `sha256/aa/${'a'.repeat(64)}.json`, // the sidecar is not a key
  `/sha256/aa/${'a'.repeat(64)}`,
  `sha256\\aa\\${'a'.repeat(64)}`,
  `sha256/aa/${'a'.repeat(64)}\0`,
  `sha256/aa/${'a'.repeat(64)}\n`,
  `md5/aa/${'a'.repeat(64)}`,
  '',
];

function hexOf(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Every file under `dir`, relative, sorted. */
async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    .sort();
}

const implementations: [string, () => Promise<{ storage: FileStorage; cleanup: () => Promise<void> }>][] = [
  [
    'LocalFileStorage',
    async () => {
      const root = await mkdtemp(path.join(os.tmpdir(), 'agora-files-'));
      return { storage: new LocalFileStorage(path.join(root, 'files')), cleanup: () => rm(root, { recursive: true, force: true }) };
    },
  ],
  ['MemoryFileStorage', async () => ({ storage: new MemoryFileStorage(), cleanup: async () => undefined })],
];

describe.each(implementations)('%s', (_name, make) => {
  let storage: FileStorage;
  let cleanup: () => Promise<void>;
  beforeEach(async () => {
    ({ storage, cleanup } = await make());
  });
  afterEach(async () => {
    await cleanup();
  });

  it('puts, gets, checks and deletes a file', async () => {
    const bytes = Buffer.from('hello, marketplace');
    const hex = hexOf(bytes);
    const stored = await storage.put(bytes, { contentType: 'text/plain; charset=utf-8' });
    expect(stored).toEqual({ key: `sha256/${hex.slice(0, 2)}/${hex}`, size: bytes.length, sha256: hex, contentType: 'text/plain; charset=utf-8' });
    expect(isStorageKey(stored.key)).toBe(true);
    expect(storageKeyFor(bytes)).toBe(stored.key);

    expect(await storage.exists(stored.key)).toBe(true);
    const got = await storage.get(stored.key);
    expect(got?.contentType).toBe('text/plain; charset=utf-8');
    expect(Buffer.isBuffer(got?.bytes)).toBe(true);
    expect(got?.bytes.equals(bytes)).toBe(true);

    await storage.delete(stored.key);
    expect(await storage.exists(stored.key)).toBe(false);
    expect(await storage.get(stored.key)).toBeUndefined();
    await storage.delete(stored.key); // deleting again is fine
  });

  it('stores an empty file', async () => {
    const stored = await storage.put(new Uint8Array(0), { contentType: 'application/octet-stream' });
    expect(stored.size).toBe(0);
    expect((await storage.get(stored.key))?.bytes.length).toBe(0);
  });

  it('gives the same key for the same bytes, and keeps the first content type', async () => {
    const bytes = randomBytes(1000);
    const a = await storage.put(bytes, { contentType: 'image/png' });
    const b = await storage.put(Uint8Array.from(bytes), { contentType: 'application/octet-stream' });
    expect(b.key).toBe(a.key);
    expect(b.contentType).toBe('image/png');
    expect((await storage.get(a.key))?.contentType).toBe('image/png');
    const c = await storage.put(randomBytes(1000), { contentType: 'image/png' });
    expect(c.key).not.toBe(a.key);
  });

  it('is not affected by later changes to the caller’s buffers', async () => {
    const bytes = Buffer.from('original');
    const stored = await storage.put(bytes, { contentType: 'text/plain' });
    bytes.write('XXXXXXXX');
    const got = await storage.get(stored.key);
    expect(got?.bytes.toString()).toBe('original');
    got!.bytes.write('YYYYYYYY');
    expect((await storage.get(stored.key))?.bytes.toString()).toBe('original');
  });

  it('returns undefined / false for a well-formed key that is not stored', async () => {
    const key = storageKeyFor(Buffer.from('never stored'));
    expect(await storage.get(key)).toBeUndefined();
    expect(await storage.exists(key)).toBe(false);
  });

  it.each(BAD_KEYS)('refuses the key %j', async (key) => {
    await expect(storage.get(key)).rejects.toBeInstanceOf(InvalidStorageKeyError);
    await expect(storage.exists(key)).rejects.toBeInstanceOf(InvalidStorageKeyError);
    await expect(storage.delete(key)).rejects.toBeInstanceOf(InvalidStorageKeyError);
  });

  it('refuses content types that are not type/subtype', async () => {
    for (const contentType of ['', 'png', 'image/png\r\nX-Evil: 1', 'a/'.padEnd(300, 'b')]) {
      await expect(storage.put(Buffer.from('x'), { contentType })).rejects.toThrow(TypeError);
    }
  });
});

describe('LocalFileStorage on disk', () => {
  let root: string;
  let storage: LocalFileStorage;
  beforeEach(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'agora-files-'));
    storage = new LocalFileStorage(path.join(root, 'files', 'nested'));
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('lays out sha256/<2 hex>/<hex> plus a JSON sidecar, creating directories as needed', async () => {
    const bytes = Buffer.from('layout');
    const hex = hexOf(bytes);
    await storage.put(bytes, { contentType: 'text/plain' });
    const files = await listFiles(storage.root);
    expect(files).toEqual([path.join('sha256', hex.slice(0, 2), hex), path.join('sha256', hex.slice(0, 2), `${hex}.json`)]);
    const sidecar = JSON.parse(await readFile(path.join(storage.root, 'sha256', hex.slice(0, 2), `${hex}.json`), 'utf8'));
    expect(sidecar).toEqual({ contentType: 'text/plain', size: bytes.length, sha256: hex });
  });

  it('storing the same bytes twice leaves one file', async () => {
    const bytes = randomBytes(4096);
    await storage.put(bytes, { contentType: 'image/png' });
    await storage.put(bytes, { contentType: 'image/png' });
    expect(await listFiles(storage.root)).toHaveLength(2); // bytes + sidecar
  });

  it('concurrent puts of the same bytes all succeed, leave one intact file and no temporary files', async () => {
    const bytes = randomBytes(2 * 1024 * 1024);
    const puts = Array.from({ length: 16 }, (_, i) =>
      // Separate storage objects over the same root behave like separate processes.
      (i % 2 ? storage : new LocalFileStorage(storage.root)).put(bytes, { contentType: 'image/png' }),
    );
    const results = await Promise.all(puts);
    expect(new Set(results.map((r) => r.key)).size).toBe(1);
    expect(new Set(results.map((r) => r.contentType))).toEqual(new Set(['image/png']));
    const hex = hexOf(bytes);
    const files = await listFiles(storage.root);
    expect(files).toEqual([path.join('sha256', hex.slice(0, 2), hex), path.join('sha256', hex.slice(0, 2), `${hex}.json`)]);
    const onDisk = await readFile(path.join(storage.root, 'sha256', hex.slice(0, 2), hex));
    expect(hexOf(onDisk)).toBe(hex);
  });

  it('concurrent puts of the same bytes with different content types agree on one', async () => {
    const bytes = randomBytes(64 * 1024);
    const types = ['image/png', 'application/pdf', 'text/plain', 'image/jpeg'];
    const results = await Promise.all(types.map((contentType) => storage.put(bytes, { contentType })));
    const stored = await storage.get(results[0]!.key);
    expect(results.every((r) => r.contentType === stored?.contentType)).toBe(true);
  });

  it('concurrent puts of different bytes into the same directory do not interfere', async () => {
    const blobs = Array.from({ length: 40 }, () => randomBytes(10_000));
    const results = await Promise.all(blobs.map((b) => storage.put(b, { contentType: 'application/octet-stream' })));
    for (const [i, r] of results.entries()) {
      expect((await storage.get(r.key))?.bytes.equals(blobs[i]!)).toBe(true);
    }
    expect((await listFiles(storage.root)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('detects and repairs a damaged copy', async () => {
    const bytes = Buffer.from('precious bytes');
    const { key, sha256 } = await storage.put(bytes, { contentType: 'text/plain' });
    const file = path.join(storage.root, 'sha256', sha256.slice(0, 2), sha256);
    await writeFile(file, 'PRECIOUS BYTES'); // same length, different content
    await expect(storage.get(key)).rejects.toBeInstanceOf(StoredFileCorruptError);
    await storage.put(bytes, { contentType: 'text/plain' }); // a put of the right bytes rewrites it
    expect((await storage.get(key))?.bytes.equals(bytes)).toBe(true);
  });

  it('falls back to a default content type when the sidecar is missing, and rewrites an unreadable one', async () => {
    const bytes = Buffer.from('sidecar');
    const { key, sha256 } = await storage.put(bytes, { contentType: 'text/plain' });
    const sidecar = path.join(storage.root, 'sha256', sha256.slice(0, 2), `${sha256}.json`);
    await rm(sidecar);
    expect((await storage.get(key))?.contentType).toBe(DEFAULT_CONTENT_TYPE);
    await writeFile(sidecar, '{not json');
    expect((await storage.put(bytes, { contentType: 'text/markdown' })).contentType).toBe('text/markdown');
    expect((await storage.get(key))?.contentType).toBe('text/markdown');
  });

  it('never touches paths outside the root for hostile keys', async () => {
    const outside = path.join(root, 'outside.txt');
    await writeFile(outside, 'keep me');
    for (const key of ['../../outside.txt', '../outside.txt', `sha256/../../../outside.txt`]) {
      await expect(storage.delete(key)).rejects.toBeInstanceOf(InvalidStorageKeyError);
    }
    expect(await readFile(outside, 'utf8')).toBe('keep me');
  });
});
