import { sql } from 'kysely';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, type JWK } from 'jose';
import type { Clock } from '../../platform/clock.js';
import type { Db } from '../../platform/db/index.js';
import { idq } from './identity.tables.js';
import { ACCESS_TOKEN_LIFETIME_S, CLOCK_SKEW_S } from './resources.js';

type SigningKey = CryptoKey;

interface LoadedKey {
  kid: string;
  publicJwk: JWK;
  verifyKey: SigningKey;
  signKey: SigningKey;
  createdAt: Date;
  retiredAt: Date | null;
}

/** How long a retired key stays published: its last tokens' lifetime plus the accepted skew. */
const RETIRED_KEY_GRACE_MS = (ACCESS_TOKEN_LIFETIME_S + CLOCK_SKEW_S) * 1000;
/** Processes re-read the key table this often, so a rotation in one is seen by all. */
const RELOAD_MS = 60_000;

/**
 * The RS256 keys that sign Agora's tokens, persisted in `identity_signing_key` so that every process and every restart
 * signs and verifies with the same keys. Rotation adds a key and retires the current one; a retired key stays in the
 * JWKS (and verifies) until the tokens it signed have expired.
 */
export class Keyring {
  #keys: LoadedKey[] = [];
  #loadedAt = 0;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  /** Makes sure a current key exists (one process creates it; the others wait on the lock and find it). */
  async ensureKey(): Promise<void> {
    const candidate = await newKeyRow(this.clock.now());
    await this.db.transaction().execute(async (trx) => {
      await sql`select pg_advisory_xact_lock(${sql.lit('7236519')}::bigint)`.execute(trx);
      const current = await idq(trx).selectFrom('identity_signing_key').select('kid').where('retired_at', 'is', null).executeTakeFirst();
      if (!current) await idq(trx).insertInto('identity_signing_key').values(candidate).execute();
    });
    await this.reload();
  }

  async rotate(): Promise<string> {
    const now = this.clock.now();
    const row = await newKeyRow(now);
    await this.db.transaction().execute(async (trx) => {
      await sql`select pg_advisory_xact_lock(${sql.lit('7236519')}::bigint)`.execute(trx);
      await idq(trx).updateTable('identity_signing_key').set({ retired_at: now }).where('retired_at', 'is', null).execute();
      await idq(trx).insertInto('identity_signing_key').values(row).execute();
    });
    await this.reload();
    return row.kid;
  }

  async reload(): Promise<void> {
    const cutoff = new Date(this.clock.now().getTime() - RETIRED_KEY_GRACE_MS);
    const rows = await idq(this.db)
      .selectFrom('identity_signing_key')
      .selectAll()
      .where((eb) => eb.or([eb('retired_at', 'is', null), eb('retired_at', '>', cutoff)]))
      .orderBy('created_at', 'desc')
      .execute();
    this.#keys = await Promise.all(
      rows.map(async (r) => ({
        kid: r.kid,
        publicJwk: parseJson(r.public_jwk),
        verifyKey: (await importJWK(parseJson(r.public_jwk), 'RS256')) as SigningKey,
        signKey: (await importJWK(parseJson(r.private_jwk), 'RS256')) as SigningKey,
        createdAt: r.created_at,
        retiredAt: r.retired_at,
      })),
    );
    this.#loadedAt = Date.now();
  }

  async #fresh(): Promise<LoadedKey[]> {
    if (Date.now() - this.#loadedAt > RELOAD_MS || this.#keys.length === 0) await this.reload();
    return this.#keys;
  }

  /** The key new tokens are signed with. */
  async signingKey(): Promise<{ kid: string; key: SigningKey }> {
    let current = (await this.#fresh()).find((k) => k.retiredAt === null);
    if (!current) {
      await this.ensureKey();
      current = this.#keys.find((k) => k.retiredAt === null);
    }
    if (!current) throw new Error('no current signing key');
    return { kid: current.kid, key: current.signKey };
  }

  /** The key with this id, if it is still published; re-reads the table once for an unknown id (rotated elsewhere). */
  async verificationKey(kid: string): Promise<SigningKey | undefined> {
    const find = () => this.#keys.find((k) => k.kid === kid && (k.retiredAt === null || k.retiredAt.getTime() > this.clock.now().getTime() - RETIRED_KEY_GRACE_MS));
    let key = (await this.#fresh(), find());
    if (!key && Date.now() - this.#loadedAt > 1000) {
      await this.reload();
      key = find();
    }
    return key?.verifyKey;
  }

  /** The JSON Web Key Set: every published key, in Azure AD's shape. */
  async jwks(): Promise<{ keys: JWK[] }> {
    const now = this.clock.now().getTime();
    const keys = (await this.#fresh()).filter((k) => k.retiredAt === null || k.retiredAt.getTime() > now - RETIRED_KEY_GRACE_MS);
    return { keys: keys.map((k) => ({ kty: 'RSA', use: 'sig', kid: k.kid, x5t: k.kid, n: k.publicJwk.n, e: k.publicJwk.e, alg: 'RS256' })) };
  }
}

function parseJson(value: unknown): JWK {
  return (typeof value === 'string' ? JSON.parse(value) : value) as JWK;
}

async function newKeyRow(now: Date) {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { modulusLength: 2048, extractable: true });
  const publicJwk = await exportJWK(publicKey);
  const privateJwk = await exportJWK(privateKey);
  const kid = await calculateJwkThumbprint(publicJwk);
  return {
    kid,
    private_jwk: JSON.stringify(privateJwk),
    public_jwk: JSON.stringify(publicJwk),
    created_at: now,
    retired_at: null,
  };
}
