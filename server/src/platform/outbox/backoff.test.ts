import { describe, expect, it } from 'vitest';
import { backoffDelayMs } from './backoff.js';
import type { RetryPolicy } from './outbox.types.js';

const policy: RetryPolicy = { maxAttempts: 10, baseDelayMs: 1000, maxDelayMs: 60_000, jitter: 0.2 };
const middle = () => 0.5; // no spread

describe('backoffDelayMs', () => {
  it('doubles from the base delay after each failed attempt', () => {
    expect([1, 2, 3, 4, 5, 6].map((a) => backoffDelayMs(policy, a, middle))).toEqual([1000, 2000, 4000, 8000, 16_000, 32_000]);
  });

  it('is capped at the maximum delay, also for very many attempts', () => {
    expect(backoffDelayMs(policy, 7, middle)).toBe(60_000);
    expect(backoffDelayMs(policy, 50, middle)).toBe(60_000);
    expect(backoffDelayMs(policy, 5000, middle)).toBe(60_000); // 2 ** 4999 is Infinity: still the cap
  });

  it('spreads each delay by at most ±jitter', () => {
    expect(backoffDelayMs(policy, 1, () => 0)).toBe(800);
    expect(backoffDelayMs(policy, 1, () => 0.999999)).toBe(1200);
    expect(backoffDelayMs(policy, 10, () => 0)).toBe(48_000);
    for (let i = 0; i < 200; i++) {
      const d = backoffDelayMs(policy, 3);
      expect(d).toBeGreaterThanOrEqual(3200);
      expect(d).toBeLessThanOrEqual(4800);
    }
  });

  it('treats attempt 0 like attempt 1 and never returns a negative or fractional delay', () => {
    expect(backoffDelayMs(policy, 0, middle)).toBe(1000);
    expect(backoffDelayMs({ ...policy, jitter: 1 }, 1, () => 0)).toBe(0);
    expect(Number.isInteger(backoffDelayMs({ ...policy, baseDelayMs: 333 }, 1, () => 0.123))).toBe(true);
  });
});
