import { describe, expect, it } from 'vitest';
import { DUMMY_HASH, hashPassword, passwordProblem, verifyPassword } from './password.js';

describe('passwords', () => {
  it('hashes with a fresh salt and verifies', async () => {
    const a = await hashPassword('Correct-Horse-42');
    const b = await hashPassword('Correct-Horse-42');
    expect(a).toMatch(/^scrypt\$16384\$8\$1\$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword('Correct-Horse-42', a)).toBe(true);
    expect(await verifyPassword('Correct-Horse-43', a)).toBe(false);
  });

  it('never verifies against the dummy hash or a malformed one', async () => {
    expect(await verifyPassword('', DUMMY_HASH)).toBe(false);
    expect(await verifyPassword('x', 'plain-text')).toBe(false);
  });

  it('normalizes Unicode so the same password typed differently verifies', async () => {
    const hash = await hashPassword('Caf\u00e9-password-1');
    expect(await verifyPassword('Cafe\u0301-password-1', hash)).toBe(true);
  });

  it('states the password rule', () => {
    expect(passwordProblem('short1A')).toMatch(/12/);
    expect(passwordProblem('alllowercaseletters')).toMatch(/two/);
    expect(passwordProblem('x'.repeat(257))).toMatch(/256/);
    expect(passwordProblem('Correct-Horse-42')).toBeUndefined();
  });
});
