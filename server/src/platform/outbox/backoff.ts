import type { RetryPolicy } from './outbox.types.js';

/**
 * Delay before attempt `attempt + 1`, after `attempt` failed attempts: base · 2^(attempt−1), capped at the maximum,
 * spread by ±jitter. `random` is injectable so that tests can pin it.
 */
export function backoffDelayMs(policy: RetryPolicy, attempt: number, random: () => number = Math.random): number {
  const exponential = policy.baseDelayMs * 2 ** Math.max(0, attempt - 1);
  const capped = Math.min(policy.maxDelayMs, exponential);
  const spread = 1 + policy.jitter * (2 * random() - 1);
  return Math.max(0, Math.round(capped * spread));
}
