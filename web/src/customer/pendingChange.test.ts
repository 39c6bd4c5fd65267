import { describe, expect, it } from 'vitest';
import { changeState, clearPending, describeChange, loadPending, savePending, type PendingChange } from './pendingChange.js';

const plan: PendingChange = { subscriptionId: 's1', operationId: 'o1', action: 'ChangePlan', planId: 'gold', startedAt: 1 };
const seats: PendingChange = { subscriptionId: 's1', operationId: 'o2', action: 'ChangeQuantity', quantity: 7, startedAt: 1 };

function memoryStorage() {
  const map = new Map<string, string>();
  return { getItem: (k: string) => map.get(k) ?? null, setItem: (k: string, v: string) => void map.set(k, v), removeItem: (k: string) => void map.delete(k), map };
}

describe('a pending change', () => {
  it('is applied once the subscription shows the new plan or quantity', () => {
    expect(changeState({ planId: 'silver', saasSubscriptionStatus: 'Subscribed' }, plan)).toBe('waiting');
    expect(changeState({ planId: 'gold', saasSubscriptionStatus: 'Subscribed' }, plan)).toBe('applied');
    expect(changeState({ planId: 'p', quantity: 5, saasSubscriptionStatus: 'Subscribed' }, seats)).toBe('waiting');
    expect(changeState({ planId: 'p', quantity: 7, saasSubscriptionStatus: 'Subscribed' }, seats)).toBe('applied');
    expect(changeState({ planId: 'silver', saasSubscriptionStatus: 'Unsubscribed' }, plan)).toBe('ended');
  });
  it('follows its operation: Succeeded is applied, Failed is declined (or ended when the subscription was canceled)', () => {
    const sub = { planId: 'silver', saasSubscriptionStatus: 'Subscribed' };
    expect(changeState({ ...sub, operations: [{ id: 'o1', status: 'InProgress' }] }, plan)).toBe('waiting');
    expect(changeState({ ...sub, operations: [{ id: 'o1', status: 'Succeeded' }] }, plan)).toBe('applied');
    expect(changeState({ ...sub, operations: [{ id: 'o1', status: 'Failed' }] }, plan)).toBe('declined');
    expect(changeState({ ...sub, saasSubscriptionStatus: 'Unsubscribed', operations: [{ id: 'o1', status: 'Failed' }] }, plan)).toBe('ended');
    expect(changeState({ ...sub, operations: [{ id: 'other', status: 'Failed' }] }, plan)).toBe('waiting');
  });
  it('is described with the plan name when known', () => {
    expect(describeChange(plan, (id) => (id === 'gold' ? 'Gold' : id))).toBe('the change to the Gold plan');
    expect(describeChange(seats)).toBe('the change to 7 users');
    expect(describeChange({ quantity: 1 })).toBe('the change to 1 user');
  });
  it('survives a reload through storage, per subscription, and ignores junk', () => {
    const storage = memoryStorage();
    savePending(plan, storage);
    expect(loadPending('s1', storage)).toEqual(plan);
    expect(loadPending('s2', storage)).toBeUndefined();
    clearPending('s1', storage);
    expect(loadPending('s1', storage)).toBeUndefined();
    storage.setItem('agora.pendingChange.s1', '{not json');
    expect(loadPending('s1', storage)).toBeUndefined();
    storage.setItem('agora.pendingChange.s1', JSON.stringify({ subscriptionId: 's1' }));
    expect(loadPending('s1', storage)).toBeUndefined();
  });
});
