import { createHash, randomBytes } from 'node:crypto';
import { link, mkdir, open, readFile, rename, stat, unlink } from 'node:fs/promises';
import path from 'node:path';

/**
 * Storage for uploaded files (logos, screenshots, supporting documents, ...), addressed by content.
 *
 * A key is `sha256/<first 2 hex digits>/<64 hex digits>` of the bytes, so storing the same bytes twice yields the
 * same key and one stored file. Stored content is immutable: the content type recorded by the first `put` of some
 * bytes is kept; a later `put` of the same bytes returns the recorded one.
 *
 * Because identical bytes share one file, `delete` removes the content for every record that refers to it. Callers
 * delete a key only when nothing references it any more (a sweep over their own tables), never on behalf of a
 * single record.
 *
 * Keys come from our own tables, so a key of any other shape is a programming error (or an attack): every method
 * that takes a key throws `InvalidStorageKeyError` for it, before touching the file system.
 */
export interface StoredFile {
  /** `sha256/<first 2 hex>/<hex>`. */
  key: string;
  /** Size in bytes. */
  size: number;
  /** Lower-case hex SHA-256 of the bytes. */
  sha256: string;
  contentType: string;
}

export interface FileStorage {
  put(bytes: Uint8Array, meta: { contentType: string }): Promise<StoredFile>;
  get(key: string): Promise<{ bytes: Buffer; contentType: string } | undefined>;
  /** Removes the content; deleting a key that is not stored is not an error. */
  delete(key: string): Promise<void>;
  exists(key: string): Promise<boolean>;
}

/** The content type recorded when none was (a crash between writing the bytes and the sidecar). */
export const DEFAULT_CONTENT_TYPE = 'application/octet-stream';

const KEY_PATTERN = /^sha256\/([0-9a-f]{2})\/([0-9a-f]{64})$/;
/** A content type as in RFC 9110 (type/subtype with optional parameters), bounded so the sidecar stays small. */
const CONTENT_TYPE_PATTERN = /^[A-Za-z0-9!#$&^_.+-]+\/[A-Za-z0-9!#$&^_.+-]+(\s*;\s*[A-Za-z0-9!#$&^_.+-]+=("[^"\\\r\n]*"|[A-Za-z0-9!#$&^_.+-]+))*$/;
const MAX_CONTENT_TYPE_LENGTH = 255;

export class InvalidStorageKeyError extends Error {
  readonly code = 'InvalidStorageKey';
  constructor(key: unknown) {
    super(`Not a file storage key: ${JSON.stringify(String(key)).slice(0, 120)}`);
    this.name = 'InvalidStorageKeyError';
  }
}

/** Thrown by `get` when the stored bytes no longer hash to their key (disk corruption or tampering). */
export class StoredFileCorruptError extends Error {
  readonly code = 'StoredFileCorrupt';
  constructor(readonly key: string) {
    super(`Stored file ${key} does not match its content hash`);
    this.name = 'StoredFileCorruptError';
  }
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** The key for the given SHA-256 (lower-case hex). */
export function storageKeyForHash(sha256: string): string {
  const key = `sha256/${sha256.slice(0, 2)}/${sha256}`;
  if (!isStorageKey(key)) throw new InvalidStorageKeyError(key);
  return key;
}

/** The key `put` would give these bytes. */
export function storageKeyFor(bytes: Uint8Array): string {
  return storageKeyForHash(sha256Hex(bytes));
}

/** True for `sha256/<first 2 hex>/<64 hex>` where the directory part matches the start of the hash. */
export function isStorageKey(key: unknown): key is string {
  if (typeof key !== 'string') return false;
  const m = KEY_PATTERN.exec(key);
  return m !== null && m[2]!.startsWith(m[1]!);
}

function parseKey(key: unknown): { prefix: string; hex: string } {
  if (!isStorageKey(key)) throw new InvalidStorageKeyError(key);
  const hex = key.slice(-64);
  return { prefix: hex.slice(0, 2), hex };
}

function checkContentType(contentType: unknown): string {
  if (typeof contentType !== 'string' || contentType.length > MAX_CONTENT_TYPE_LENGTH || !CONTENT_TYPE_PATTERN.test(contentType)) {
    throw new TypeError(`Not a content type: ${JSON.stringify(String(contentType)).slice(0, 120)}`);
  }
  return contentType;
}

function isErrno(error: unknown, ...codes: string[]): boolean {
  return typeof error === 'object' && error !== null && codes.includes((error as NodeJS.ErrnoException).code ?? '');
}

interface Sidecar {
  contentType: string;
  size: number;
  sha256: string;
}

function parseSidecar(text: string, hex: string): Sidecar | undefined {
  try {
    const value = JSON.parse(text) as Partial<Sidecar>;
    if (typeof value.contentType === 'string' && value.sha256 === hex && typeof value.size === 'number') {
      return { contentType: value.contentType, size: value.size, sha256: value.sha256 };
    }
  } catch {
    // fall through: a sidecar we cannot read is treated as missing
  }
  return undefined;
}

/**
 * Files under a root directory (normally `<dataDir>/files`):
 * `<root>/sha256/ab/<hex>` holds the bytes, `<root>/sha256/ab/<hex>.json` the content type.
 *
 * Writes are atomic and durable: the bytes go to a temporary file in the same directory, which is fsynced and then
 * renamed over the final name, and the directory is fsynced. Readers therefore see either no file or the whole file,
 * and concurrent `put`s of the same bytes (in this process or another) each rename a complete, identical file into
 * place. The sidecar is published with `link`, which fails if the sidecar exists, so the first content type wins.
 */
export class LocalFileStorage implements FileStorage {
  readonly root: string;
  /** Re-hash on `get` and throw `StoredFileCorruptError` on mismatch (default on; costs one SHA-256 per read). */
  private readonly verifyOnRead: boolean;

  constructor(root: string, options: { verifyOnRead?: boolean } = {}) {
    this.root = path.resolve(root);
    this.verifyOnRead = options.verifyOnRead ?? true;
  }

  private paths(prefix: string, hex: string): { dir: string; data: string; sidecar: string } {
    const dir = path.join(this.root, 'sha256', prefix);
    return { dir, data: path.join(dir, hex), sidecar: path.join(dir, `${hex}.json`) };
  }

  async put(bytes: Uint8Array, meta: { contentType: string }): Promise<StoredFile> {
    if (!(bytes instanceof Uint8Array)) throw new TypeError('put expects a Uint8Array');
    const requestedType = checkContentType(meta?.contentType);
    const hex = sha256Hex(bytes);
    const { dir, data, sidecar } = this.paths(hex.slice(0, 2), hex);
    await mkdir(dir, { recursive: true });

    let wrote = false;
    if (!(await holds(data, bytes.byteLength, hex))) {
      const temp = await writeTemp(dir, hex, bytes);
      await renameOrCleanUp(temp, data);
      wrote = true;
    }

    let contentType = await readSidecarType(sidecar, hex);
    if (contentType === undefined) {
      const body: Sidecar = { contentType: requestedType, size: bytes.byteLength, sha256: hex };
      const temp = await writeTemp(dir, hex, Buffer.from(JSON.stringify(body)));
      try {
        await link(temp, sidecar);
        contentType = requestedType;
        wrote = true;
      } catch (error) {
        if (!isErrno(error, 'EEXIST')) throw error;
        // Another put got there first; its content type stands, unless what it left is unreadable.
        contentType = await readSidecarType(sidecar, hex);
        if (contentType === undefined) {
          await rename(temp, sidecar);
          contentType = requestedType;
          wrote = true;
        }
      } finally {
        await unlink(temp).catch(() => undefined);
      }
    }
    if (wrote) await syncDirectory(dir);

    return { key: storageKeyForHash(hex), size: bytes.byteLength, sha256: hex, contentType };
  }

  async get(key: string): Promise<{ bytes: Buffer; contentType: string } | undefined> {
    const { prefix, hex } = parseKey(key);
    const { data, sidecar } = this.paths(prefix, hex);
    let bytes: Buffer;
    try {
      bytes = await readFile(data);
    } catch (error) {
      if (isErrno(error, 'ENOENT', 'ENOTDIR')) return undefined;
      throw error;
    }
    if (this.verifyOnRead && sha256Hex(bytes) !== hex) throw new StoredFileCorruptError(key);
    const contentType = (await readSidecarType(sidecar, hex)) ?? DEFAULT_CONTENT_TYPE;
    return { bytes, contentType };
  }

  async delete(key: string): Promise<void> {
    const { prefix, hex } = parseKey(key);
    const { dir, data, sidecar } = this.paths(prefix, hex);
    // Bytes first: once they are gone `exists` is false, whatever happens to the sidecar.
    for (const file of [data, sidecar]) {
      try {
        await unlink(file);
      } catch (error) {
        if (!isErrno(error, 'ENOENT', 'ENOTDIR')) throw error;
      }
    }
    await syncDirectory(dir);
  }

  async exists(key: string): Promise<boolean> {
    const { prefix, hex } = parseKey(key);
    try {
      return (await stat(this.paths(prefix, hex).data)).isFile();
    } catch (error) {
      if (isErrno(error, 'ENOENT', 'ENOTDIR')) return false;
      throw error;
    }
  }
}

/** True when `file` already holds exactly these bytes (so a damaged copy is rewritten, not trusted). */
async function holds(file: string, size: number, hex: string): Promise<boolean> {
  try {
    const s = await stat(file);
    return s.isFile() && s.size === size && sha256Hex(await readFile(file)) === hex;
  } catch (error) {
    if (isErrno(error, 'ENOENT', 'ENOTDIR')) return false;
    throw error;
  }
}

/** Writes `bytes` to a fresh temporary file next to the final one and fsyncs it; returns its path. */
async function writeTemp(dir: string, hex: string, bytes: Uint8Array): Promise<string> {
  const temp = path.join(dir, `.${hex}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await open(temp, 'wx', 0o644);
  try {
    await handle.writeFile(bytes);
    await handle.sync();
  } catch (error) {
    await handle.close().catch(() => undefined);
    await unlink(temp).catch(() => undefined);
    throw error;
  }
  await handle.close();
  return temp;
}

async function renameOrCleanUp(temp: string, target: string): Promise<void> {
  try {
    await rename(temp, target);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  }
}

async function readSidecarType(sidecar: string, hex: string): Promise<string | undefined> {
  try {
    return parseSidecar(await readFile(sidecar, 'utf8'), hex)?.contentType;
  } catch (error) {
    if (isErrno(error, 'ENOENT', 'ENOTDIR')) return undefined;
    throw error;
  }
}

/** Makes a rename/link/unlink in `dir` durable. Some platforms (Windows) cannot fsync a directory; that is not fatal. */
async function syncDirectory(dir: string): Promise<void> {
  let handle;
  try {
    handle = await open(dir, 'r');
    await handle.sync();
  } catch {
    // best effort
  } finally {
    await handle?.close().catch(() => undefined);
  }
}

/** In-memory `FileStorage` for tests, with the same keys and semantics as `LocalFileStorage`. */
export class MemoryFileStorage implements FileStorage {
  private readonly files = new Map<string, { bytes: Buffer; contentType: string }>();

  async put(bytes: Uint8Array, meta: { contentType: string }): Promise<StoredFile> {
    if (!(bytes instanceof Uint8Array)) throw new TypeError('put expects a Uint8Array');
    const requestedType = checkContentType(meta?.contentType);
    const sha256 = sha256Hex(bytes);
    const key = storageKeyForHash(sha256);
    let entry = this.files.get(key);
    if (!entry) {
      entry = { bytes: Buffer.from(bytes), contentType: requestedType };
      this.files.set(key, entry);
    }
    return { key, size: bytes.byteLength, sha256, contentType: entry.contentType };
  }

  async get(key: string): Promise<{ bytes: Buffer; contentType: string } | undefined> {
    parseKey(key);
    const entry = this.files.get(key);
    return entry && { bytes: Buffer.from(entry.bytes), contentType: entry.contentType };
  }

  async delete(key: string): Promise<void> {
    parseKey(key);
    this.files.delete(key);
  }

  async exists(key: string): Promise<boolean> {
    parseKey(key);
    return this.files.has(key);
  }

  /** Number of stored files (for tests). */
  get size(): number {
    return this.files.size;
  }
}
