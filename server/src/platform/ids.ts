import { randomBytes, randomInt, randomUUID } from 'node:crypto';

/** A random RFC 4122 v4 GUID in lowercase, the form Azure AD and the marketplace APIs use. */
export function newGuid(): string {
  return randomUUID();
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isGuid(value: unknown): value is string {
  return typeof value === 'string' && GUID.test(value);
}

/** An unguessable URL-safe token (base64url of `bytes` random bytes). */
export function newSecretToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

/** A numeric string id of `digits` digits that does not start with 0 (seller ids, and the like). */
export function newNumericId(digits: number): string {
  // randomInt is uniform; a random byte modulo 9 or 10 made the low digits more likely than the others.
  let out = String(randomInt(1, 10));
  while (out.length < digits) out += String(randomInt(0, 10));
  return out;
}
