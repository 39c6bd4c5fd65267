import { describe, expect, it } from 'vitest';
import type { PublishedDocument } from '../catalog/index.js';
import { diff, keep } from './diff.js';
import { SAAS_PIPELINE, checkPipeline, stepsFor } from './pipeline.js';
import { answers } from './probe.js';
import { TRANSITIONS, canCancel, canTransition, statusForStep } from './submission.state.js';

const doc = (draft: Record<string, unknown>): PublishedDocument => ({ offer: { offerId: 'o', alias: 'o', offerType: 'SoftwareAsAService', draft }, plans: [] });

describe('the SaaS pipeline definition', () => {
  it('is well formed: one sign-off after preview creation, final publish last', () => {
    expect(checkPipeline(SAAS_PIPELINE)).toEqual([]);
    expect(checkPipeline({ offerType: 'x', steps: SAAS_PIPELINE.steps.filter((s) => s.kind !== 'signoff') })).toContain('exactly one sign-off step');
    expect(checkPipeline({ offerType: 'x', steps: [...SAAS_PIPELINE.steps].reverse() })).toEqual(['preview creation before the sign-off', 'final publish last']);
  });

  it('runs purchase flow setup only for transactable offers and lead validation only with a lead destination', () => {
    const names = (draft: Record<string, unknown>) => stepsFor('SoftwareAsAService', doc(draft))!.map((s) => s.name);
    expect(names({ setup: { sellThroughMicrosoft: true, leadDestination: { type: 'HttpsEndpoint', settings: {}, contactEmails: [] } } })).toEqual([
      'Offer purchase flow setup',
      'Lead management validation and registration',
      'Offer validation',
      'Preview creation',
      'Go live',
      'Certification',
      'Final publish',
    ]);
    expect(names({ setup: { sellThroughMicrosoft: false, listingOption: 'GetItNowFree', leadDestination: null } })).toEqual(['Offer validation', 'Preview creation', 'Go live', 'Certification', 'Final publish']);
    expect(stepsFor('VirtualMachine', doc({}))).toBeUndefined();
  });
});

describe('submission states', () => {
  it('follows the current step: automated before and after sign-off, waiting for sign-off, certification, done', () => {
    expect(statusForStep('automated', false)).toBe('InProgress');
    expect(statusForStep('automated', true)).toBe('Publishing');
    expect(statusForStep('signoff', false)).toBe('WaitingForSignOff');
    expect(statusForStep('manual', true)).toBe('InCertification');
    expect(statusForStep(undefined, true)).toBe('Completed');
  });

  it('cancels only before the sign-off', () => {
    expect(canCancel('InProgress', false)).toBe(true);
    expect(canCancel('InCertification', false)).toBe(true); // offer types that certify before preview
    expect(canCancel('WaitingForSignOff', false)).toBe(false);
    expect(canCancel('InCertification', true)).toBe(false);
    expect(canCancel('Publishing', true)).toBe(false);
  });

  it('never leaves a finished state', () => {
    for (const end of ['Completed', 'Failed', 'Canceled', 'Superseded'] as const) expect(TRANSITIONS[end]).toEqual([]);
    expect(canTransition('Canceling', 'Canceled')).toBe(true);
    expect(canTransition('Canceling', 'Completed')).toBe(false);
  });
});

describe('probe answers', () => {
  it('counts 2xx, 3xx and 4xx except 404 as an answer', () => {
    expect([200, 204, 302, 400, 401, 403, 405, 499].every(answers)).toBe(true);
    expect([404, 500, 502, 503, 100].some(answers)).toBe(false);
  });
});

describe('diff', () => {
  it('reports added, removed, edited and unchanged fields with paths', () => {
    const before = { name: 'A', summary: 'S', links: [{ title: 'Docs', url: 'https://a' }], keywords: ['x'], contacts: { support: { email: 'a@x' } }, gone: 'yes' };
    const after = { name: 'B', summary: 'S', links: [{ title: 'Docs', url: 'https://b' }, { title: 'New', url: 'https://c' }], keywords: ['x', 'y'], contacts: { support: { email: 'a@x', phone: '1' } }, gone: '' };
    expect(diff(before, after)).toEqual([
      { path: 'name', change: 'edited', before: 'A', after: 'B' },
      { path: 'summary', change: 'unchanged', before: 'S', after: 'S' },
      { path: 'links.0.title', change: 'unchanged', before: 'Docs', after: 'Docs' },
      { path: 'links.0.url', change: 'edited', before: 'https://a', after: 'https://b' },
      { path: 'links.1.title', change: 'added', before: null, after: 'New' },
      { path: 'links.1.url', change: 'added', before: null, after: 'https://c' },
      { path: 'keywords', change: 'edited', before: ['x'], after: ['x', 'y'] },
      { path: 'contacts.support.email', change: 'unchanged', before: 'a@x', after: 'a@x' },
      { path: 'contacts.support.phone', change: 'added', before: null, after: '1' },
      { path: 'gone', change: 'removed', before: 'yes', after: null },
    ]);
    expect(diff({ a: [] }, { a: [] })).toEqual([]);
    expect(diff(undefined, { a: 1 })).toEqual([{ path: 'a', change: 'added', before: null, after: 1 }]);
    expect(diff({ a: 1 }, 'text')).toEqual([{ path: '(value)', change: 'edited', before: { a: 1 }, after: 'text' }]);
  });

  it('filters by kind of change', () => {
    expect(keep('modified', 'unchanged')).toBe(false);
    expect(keep('modified', 'added')).toBe(true);
    expect(keep('all', 'unchanged')).toBe(true);
    expect(keep('removed', 'added')).toBe(false);
  });
});
