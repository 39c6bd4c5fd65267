import { describe, expect, it } from 'vitest';
import { ManualClock } from './clock.js';
import { TtlCache } from './ttl-cache.js';

describe('TtlCache', () => {
  it('serves an entry until its time is up, then loads again', async () => {
    const clock = new ManualClock(new Date('2026-01-01T00:00:00Z'));
    const cache = new TtlCache<string>(clock, 5_000);
    let loads = 0;
    const load = async () => `v${++loads}`;
    expect(await cache.through('k', load)).toBe('v1');
    clock.advance(4_999);
    expect(await cache.through('k', load)).toBe('v1');
    clock.advance(1);
    expect(await cache.through('k', load)).toBe('v2');
  });

  it('drops the oldest entry when full', () => {
    const cache = new TtlCache<number>(new ManualClock(new Date()), 60_000, 2);
    cache.set('a', 1);
    cache.set('b', 2);
    cache.set('c', 3);
    expect([cache.get('a'), cache.get('b'), cache.get('c')]).toEqual([undefined, 2, 3]);
  });
});
