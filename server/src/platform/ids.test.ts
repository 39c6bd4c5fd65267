import { describe, expect, it } from 'vitest';
import { isGuid, newGuid, newNumericId, newSecretToken } from './ids.js';

describe('ids', () => {
  it('makes lowercase v4 GUIDs, all different', () => {
    const ids = new Set(Array.from({ length: 1000 }, () => newGuid()));
    expect(ids.size).toBe(1000);
    for (const id of ids) {
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(isGuid(id)).toBe(true);
    }
  });

  it('recognises GUIDs in either case and nothing else', () => {
    expect(isGuid('3F2504E0-4F89-11D3-9A0C-0305E82C3301')).toBe(true);
    expect(isGuid('3f2504e0-4f89-11d3-9a0c-0305e82c3301')).toBe(true);
    expect(isGuid('{3f2504e0-4f89-11d3-9a0c-0305e82c3301}')).toBe(false);
    expect(isGuid('3f2504e04f8911d39a0c0305e82c3301')).toBe(false);
    expect(isGuid(' 3f2504e0-4f89-11d3-9a0c-0305e82c3301')).toBe(false);
    expect(isGuid('3f2504e0-4f89-11d3-9a0c-0305e82c330g')).toBe(false);
    expect(isGuid(42)).toBe(false);
    expect(isGuid(undefined)).toBe(false);
  });

  it('makes URL-safe secret tokens of the requested entropy', () => {
    const token = newSecretToken();
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(token, 'base64url')).toHaveLength(32);
    expect(Buffer.from(newSecretToken(16), 'base64url')).toHaveLength(16);
    expect(newSecretToken()).not.toBe(token);
  });

  it('makes numeric ids of the requested length that do not start with 0, using every digit', () => {
    const seenFirst = new Set<string>();
    const seenOther = new Set<string>();
    for (let i = 0; i < 2000; i++) {
      const id = newNumericId(10);
      expect(id).toMatch(/^[1-9][0-9]{9}$/);
      seenFirst.add(id[0]!);
      for (const c of id.slice(1)) seenOther.add(c);
    }
    expect([...seenFirst].sort().join('')).toBe('123456789');
    expect([...seenOther].sort().join('')).toBe('0123456789');
  });
});
