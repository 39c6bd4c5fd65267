import { describe, expect, it } from 'vitest';
import { ACTIONS, ACTION_ROLES, ROLES, actionsOf, rolesAllow } from './roles.js';

describe('roles', () => {
  it('grants the reference role table', () => {
    expect(rolesAllow(['Owner'], 'payout.manage')).toBe(true);
    expect(rolesAllow(['Manager'], 'users.manage')).toBe(true);
    expect(rolesAllow(['Manager'], 'payout.manage')).toBe(false);
    expect(rolesAllow(['Developer'], 'offers.publish')).toBe(true);
    expect(rolesAllow(['Developer'], 'finance.read')).toBe(false);
    expect(rolesAllow(['BusinessContributor'], 'pricing.write')).toBe(true);
    expect(rolesAllow(['BusinessContributor'], 'offers.write')).toBe(false);
    expect(rolesAllow(['FinancialContributor'], 'payout.manage')).toBe(true);
    expect(rolesAllow(['FinancialContributor'], 'offers.write')).toBe(false);
    expect(rolesAllow(['Marketer'], 'reviews.respond')).toBe(true);
    expect(rolesAllow(['Marketer'], 'finance.read')).toBe(false);
  });

  it('only Owner and Financial contributor see money', () => {
    expect(ROLES.filter((r) => rolesAllow([r], 'finance.read'))).toEqual(['Owner', 'FinancialContributor']);
  });

  it('unknown actions and roles grant nothing; roles combine', () => {
    expect(rolesAllow(['Owner'], 'no.such.action')).toBe(false);
    expect(rolesAllow(['Admin'], 'account.read')).toBe(false);
    expect(actionsOf(['Marketer', 'FinancialContributor'])).toEqual(expect.arrayContaining(['reviews.respond', 'payout.manage']));
  });

  it('every action is granted to the Owner', () => {
    for (const action of ACTIONS) expect(ACTION_ROLES[action]).toContain('Owner');
  });
});
