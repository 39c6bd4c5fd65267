import { describe, expect, it } from 'vitest';
import { attemptDuration, attemptResponse, canReplay, deliveryStatus, listUrl, pageHref, shouldWatch, subscriptionFilter, topOf } from './webhookLog.js';

describe('webhook delivery log', () => {
  it('labels the outbox states', () => {
    expect(deliveryStatus('done', 1)).toEqual({ label: 'Delivered', tone: 'good' });
    expect(deliveryStatus('dead', 500)).toEqual({ label: 'Failed', tone: 'bad' });
    expect(deliveryStatus('pending', 3).label).toBe('Retrying');
    expect(deliveryStatus('pending', 0).label).toBe('Queued');
    expect(deliveryStatus('odd', 0).label).toBe('odd');
  });
  it('replays finished deliveries only', () => {
    expect(canReplay('done')).toBe(true);
    expect(canReplay('dead')).toBe(true);
    expect(canReplay('pending')).toBe(false);
    expect(canReplay('running')).toBe(false);
  });
  it('watches deliveries still being attempted, for a while', () => {
    expect(shouldWatch('pending', 1, 2)).toBe(true);
    expect(shouldWatch('running', 1, 2)).toBe(true);
    expect(shouldWatch('pending', 3, 2)).toBe(false);
    expect(shouldWatch('done', 1, 2)).toBe(false);
  });
  it('takes a subscription id (any case) or nothing as the filter', () => {
    expect(subscriptionFilter('  ')).toBe('');
    expect(subscriptionFilter('C1D6F9A0-17EB-4E2A-AC06-FABB59F23230')).toBe('c1d6f9a0-17eb-4e2a-ac06-fabb59f23230');
    expect(subscriptionFilter('not-a-guid')).toBeUndefined();
  });
  it('builds the API and page URLs', () => {
    expect(topOf('100')).toBe(100);
    expect(topOf('7')).toBe(50);
    expect(topOf(null)).toBe(50);
    expect(listUrl('acc', '', 50)).toBe('/api/accounts/acc/webhooks?top=50');
    expect(listUrl('acc', 'abc', 25)).toBe('/api/accounts/acc/webhooks?top=25&subscriptionId=abc');
    expect(pageHref('', 50)).toBe('/partner/webhooks');
    expect(pageHref('abc', 100)).toBe('/partner/webhooks?subscriptionId=abc&top=100');
  });
  it('reads what an attempt got back', () => {
    expect(attemptResponse({ detail: { url: 'https://x/webhook', status: 500, response: 'oops' } })).toEqual({ url: 'https://x/webhook', status: 500, response: 'oops' });
    expect(attemptResponse({ detail: { url: 'https://x/webhook', error: 'fetch failed' } })).toEqual({ url: 'https://x/webhook' });
    expect(attemptResponse({ detail: null })).toEqual({});
  });
  it('measures an attempt', () => {
    expect(attemptDuration({ startedAt: '2026-01-01T00:00:00.000Z', finishedAt: '2026-01-01T00:00:00.084Z' })).toBe('84 ms');
    expect(attemptDuration({ startedAt: '2026-01-01T00:00:00.000Z', finishedAt: '2026-01-01T00:00:01.500Z' })).toBe('1.5 s');
    expect(attemptDuration({ startedAt: '2026-01-01T00:00:00.000Z', finishedAt: null })).toBe('');
  });
});
