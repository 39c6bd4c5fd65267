import { randomBytes } from 'node:crypto';
import { EncryptJWT, errors, jwtDecrypt } from 'jose';
import type { Clock } from '../../platform/clock.js';
import type { Executor } from '../../platform/db/index.js';
import { fail, ok, type Result } from '../../platform/errors.js';
import { mq } from './commerce.tables.js';
import { PURCHASE_TOKEN_LIFETIME_MS } from './term.js';

/**
 * Purchase tokens: what the landing page receives as `?token=` and the publisher resolves (08 §3.5 row 1). A token
 * is sealed (AES-256-GCM, a compact JWE) so that it is opaque: only Agora can read which subscription it names. It
 * resolves any number of times until it expires 24 hours after it was issued (security time, ADR 0005); "Manage
 * account" issues a new one for the same subscription.
 */

const KID = 'purchase-token-1';
const ISSUER = 'agora:commerce';
const AUDIENCE = 'agora:purchase-token';

export class PurchaseTokens {
  #key: Uint8Array | undefined;

  constructor(private readonly securityClock: Clock) {}

  async #keyFor(x: Executor): Promise<Uint8Array> {
    if (this.#key) return this.#key;
    await mq(x)
      .insertInto('commerce_token_key')
      .values({ kid: KID, secret: randomBytes(32).toString('base64'), created_at: new Date() })
      .onConflict((oc) => oc.column('kid').doNothing())
      .execute();
    const row = await mq(x).selectFrom('commerce_token_key').select('secret').where('kid', '=', KID).executeTakeFirstOrThrow();
    this.#key = new Uint8Array(Buffer.from(row.secret, 'base64'));
    return this.#key;
  }

  async issue(x: Executor, subscriptionId: string, accountId: string): Promise<string> {
    const now = this.securityClock.now().getTime();
    return new EncryptJWT({ sid: subscriptionId, acc: accountId })
      .setProtectedHeader({ alg: 'dir', enc: 'A256GCM', kid: KID })
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt(Math.floor(now / 1000))
      .setExpirationTime(Math.floor((now + PURCHASE_TOKEN_LIFETIME_MS) / 1000))
      .encrypt(await this.#keyFor(x));
  }

  /** The subscription a token names, or why it cannot be resolved (every failure is a 400 for the API). */
  async read(x: Executor, token: string): Promise<Result<{ subscriptionId: string; accountId: string }>> {
    if (!/^[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(token) || token.length > 4096)
      return fail('BadArgument', 'The marketplace token is malformed.', { target: 'x-ms-marketplace-token' });
    try {
      const { payload } = await jwtDecrypt(token, await this.#keyFor(x), {
        issuer: ISSUER,
        audience: AUDIENCE,
        currentDate: this.securityClock.now(),
        keyManagementAlgorithms: ['dir'],
        contentEncryptionAlgorithms: ['A256GCM'],
      });
      if (typeof payload.sid !== 'string' || typeof payload.acc !== 'string') return fail('BadArgument', 'The marketplace token is invalid.', { target: 'x-ms-marketplace-token' });
      return ok({ subscriptionId: payload.sid, accountId: payload.acc });
    } catch (e) {
      if (e instanceof errors.JWTExpired) return fail('BadArgument', 'The marketplace token has expired.', { target: 'x-ms-marketplace-token' });
      return fail('BadArgument', 'The marketplace token is invalid.', { target: 'x-ms-marketplace-token' });
    }
  }
}
