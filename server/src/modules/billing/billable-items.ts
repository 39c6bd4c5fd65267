import type { BillableCharge, BillableSubscription, DailyUsageLike } from './billing.types.js';
import { Dec, money, roundMoney } from '../../platform/money.js';
import type { LineKind } from './billing.tables.js';
import { addDaysUtc, addMonthsUtc, dayOf, dayText } from './dates.js';

/**
 * What a subscription owes, as billable items with stable keys (ADR 0017). The billing job computes every item due
 * before the end of a period and compares each key's amount with what earlier invoices already billed for it: the
 * difference is the period's line. Nothing is appended blindly, so running a period twice adds nothing.
 *
 * - A term's charge is billed on the term's first day, whole, even when it was recorded later (a reinstatement, or a
 *   renewal job that ran late after a jump of the sandbox clock); an annual term paid monthly is billed in 12
 *   installments on the term's monthly anniversaries (the 12th takes the rounding remainder), and keeps being billed
 *   after a cancel outside the refund window (an annual commitment) — but not after the marketplace unsubscribed it
 *   at the end of the grace period of a failed payment.
 * - A proration (a change of plan or seats inside a paid term) is billed the day of the change.
 * - A refund (a cancel inside the refund window) credits everything the term billed up to then.
 * - Usage is rated per monthly cycle anchored at activation and billed once the cycle has ended: quantity × the
 *   plan's price per unit, rounded to the currency's minor unit per (cycle, plan, dimension). Usage before the end
 *   of a free trial is free. A cycle is only computed when all of it lies after `usageFrom` (older cycles are
 *   settled; see RECOMPUTE_DAYS).
 */

export interface BillableItem {
  key: string;
  kind: LineKind;
  description: string;
  subscriptionId: string;
  tenantId: string;
  accountId: string;
  offerId: string;
  planId: string;
  dimension: string | null;
  quantity: string | null;
  unitPrice: string | null;
  currency: string;
  market: string;
  /** Rounded to the currency's minor unit. */
  amount: Dec;
  serviceStart: string;
  serviceEnd: string;
  billedOn: string;
  isTest: boolean;
}

const round = (amount: Dec | string | number, currency: string): Dec => roundMoney(money(amount, currency)).amount;

/** The installments of an annual term paid monthly: 11 equal rounded shares and a 12th that takes the remainder. */
export function installments(total: Dec | string | number, currency: string, count = 12): Dec[] {
  const share = round(new Dec(total).dividedBy(count), currency);
  const last = new Dec(total).minus(share.times(count - 1));
  return [...Array.from({ length: count - 1 }, () => share), last];
}

/** The monthly usage cycle containing `date`, anchored at `anchor` (both days). */
export function usageCycle(anchor: Date, date: Date): { start: Date; next: Date } {
  const a = dayOf(anchor);
  let k = (date.getUTCFullYear() - a.getUTCFullYear()) * 12 + (date.getUTCMonth() - a.getUTCMonth());
  while (addMonthsUtc(a, k).getTime() > date.getTime()) k--;
  while (addMonthsUtc(a, k + 1).getTime() <= date.getTime()) k++;
  return { start: addMonthsUtc(a, k), next: addMonthsUtc(a, k + 1) };
}

export function dueItems(sub: BillableSubscription, usage: readonly DailyUsageLike[], asOf: Date, usageFrom: Date): BillableItem[] {
  const base = {
    subscriptionId: sub.subscriptionId,
    tenantId: sub.tenantId,
    accountId: sub.accountId,
    offerId: sub.offerId,
    currency: sub.currency,
    market: sub.market,
    isTest: sub.isTest,
  };
  const planName = (planId: string) => sub.plans.get(planId)?.name ?? planId;
  const items: BillableItem[] = [];
  const due = (d: Date) => d.getTime() < asOf.getTime();
  const refunds = sub.charges.filter((c) => c.kind === 'refund');
  const refundOf = (c: BillableCharge) => refunds.find((r) => r.termStart.getTime() === c.termStart.getTime());

  for (const c of sub.charges) {
    const termStart = dayText(c.termStart);
    const service = { serviceStart: termStart, serviceEnd: dayText(c.termEnd) };
    if (c.kind === 'charge') {
      const seats = c.quantity !== null ? `, ${c.quantity} seat${c.quantity === 1 ? '' : 's'}` : '';
      if (sub.termUnit === 'P1Y' && sub.paymentOption === 'monthly') {
        const refund = refundOf(c);
        const shares = installments(c.amount, sub.currency);
        shares.forEach((amount, k) => {
          const on = addMonthsUtc(dayOf(c.termStart), k);
          if (!due(on) || (refund && dayOf(refund.createdAt).getTime() < on.getTime())) return;
          // The marketplace ended the subscription for non-payment: the rest of the commitment is not billed.
          if (sub.canceledForNonPayment && sub.canceledAt && dayOf(sub.canceledAt).getTime() <= on.getTime()) return;
          const monthStart = addMonthsUtc(dayOf(c.termStart), k);
          items.push({
            ...base,
            key: `installment:${sub.subscriptionId}:${termStart}:${k + 1}`,
            kind: 'installment',
            description: `${planName(c.planId)} — annual plan, installment ${k + 1} of 12${seats}`,
            planId: c.planId,
            dimension: null,
            quantity: c.quantity === null ? null : String(c.quantity),
            unitPrice: null,
            amount,
            serviceStart: dayText(monthStart),
            serviceEnd: dayText(addDaysUtc(addMonthsUtc(dayOf(c.termStart), k + 1), -1)),
            billedOn: dayText(on),
          });
        });
      } else if (due(dayOf(c.termStart))) {
        items.push({
          ...base,
          key: `term:${sub.subscriptionId}:${termStart}`,
          kind: 'recurring',
          description: `${planName(c.planId)} — ${sub.termUnit === 'P1Y' ? 'annual' : 'monthly'} plan${seats}`,
          planId: c.planId,
          dimension: null,
          quantity: c.quantity === null ? null : String(c.quantity),
          unitPrice: c.quantity === null ? null : round(new Dec(c.amount).dividedBy(c.quantity), sub.currency).toFixed(),
          amount: round(c.amount, sub.currency),
          ...service,
          billedOn: termStart,
        });
      }
    } else if (c.kind === 'proration' && due(dayOf(c.createdAt))) {
      items.push({
        ...base,
        key: `proration:${c.operationId ?? `${sub.subscriptionId}:${c.createdAt.toISOString()}`}`,
        kind: 'proration',
        description: `${planName(c.planId)} — ${new Dec(c.amount).isNegative() ? 'credit' : 'charge'} for the change on ${dayText(c.createdAt)}, prorated to the end of the term`,
        planId: c.planId,
        dimension: null,
        quantity: c.quantity === null ? null : String(c.quantity),
        unitPrice: null,
        amount: round(c.amount, sub.currency),
        serviceStart: dayText(c.createdAt),
        serviceEnd: service.serviceEnd,
        billedOn: dayText(c.createdAt),
      });
    }
  }

  // A refund credits what its term billed (its charge or installments, and its prorations) up to the refund.
  for (const r of refunds) {
    const on = dayOf(r.createdAt);
    if (!due(on)) continue;
    const termStart = dayText(r.termStart);
    const ofTerm = items.filter(
      (i) =>
        i.billedOn <= dayText(on) &&
        (i.key === `term:${sub.subscriptionId}:${termStart}` ||
          i.key.startsWith(`installment:${sub.subscriptionId}:${termStart}:`) ||
          (i.kind === 'proration' && sub.charges.some((c) => c.kind === 'proration' && c.termStart.getTime() === r.termStart.getTime() && i.key === `proration:${c.operationId}`))),
    );
    const credited = ofTerm.reduce((sum, i) => sum.plus(i.amount), new Dec(0)).negated();
    items.push({
      ...base,
      key: `refund:${sub.subscriptionId}:${termStart}`,
      kind: 'refund',
      description: `${planName(r.planId)} — refund of the term canceled on ${dayText(r.createdAt)}`,
      planId: r.planId,
      dimension: null,
      quantity: null,
      unitPrice: null,
      amount: credited.isZero() ? new Dec(0) : credited,
      serviceStart: termStart,
      serviceEnd: dayText(r.termEnd),
      billedOn: dayText(r.createdAt),
    });
  }

  items.push(...usageItems(sub, usage, asOf, usageFrom, base));
  return items;
}

function usageItems(
  sub: BillableSubscription,
  usage: readonly DailyUsageLike[],
  asOf: Date,
  usageFrom: Date,
  base: Pick<BillableItem, 'subscriptionId' | 'tenantId' | 'accountId' | 'offerId' | 'currency' | 'market' | 'isTest'>,
): BillableItem[] {
  const freeUntil = sub.trialEnd ? dayOf(sub.trialEnd).getTime() : 0;
  const cycles = new Map<string, { start: Date; next: Date; planId: string; dimension: string; quantity: Dec }>();
  for (const u of usage) {
    if (u.subscriptionId !== sub.subscriptionId) continue;
    const day = new Date(`${u.date}T00:00:00Z`);
    if (day.getTime() < freeUntil) continue;
    const cycle = usageCycle(sub.activatedAt, day);
    if (cycle.next.getTime() > asOf.getTime() || cycle.start.getTime() < usageFrom.getTime()) continue;
    const key = `${dayText(cycle.start)}:${u.planId}:${u.dimension}`;
    const entry = cycles.get(key) ?? { ...cycle, planId: u.planId, dimension: u.dimension, quantity: new Dec(0) };
    entry.quantity = entry.quantity.plus(u.quantity);
    cycles.set(key, entry);
  }
  const items: BillableItem[] = [];
  for (const [key, c] of [...cycles.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    const dimension = sub.plans.get(c.planId)?.dimensions.get(c.dimension);
    const price = dimension?.pricePerUnit ?? null;
    const quantity = Dec.max(c.quantity, 0);
    const end = addDaysUtc(c.next, -1);
    items.push({
      ...base,
      key: `usage:${sub.subscriptionId}:${key}`,
      kind: 'usage',
      description: `${dimension?.displayName ?? c.dimension} — usage ${dayText(c.start)} to ${dayText(end)}${dimension?.unitOfMeasure ? ` (${dimension.unitOfMeasure})` : ''}`,
      planId: c.planId,
      dimension: c.dimension,
      quantity: quantity.toFixed(),
      unitPrice: price,
      amount: round(quantity.times(price ?? 0), sub.currency),
      serviceStart: dayText(c.start),
      serviceEnd: dayText(end),
      billedOn: dayText(end),
    });
  }
  return items;
}
