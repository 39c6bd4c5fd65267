import type { ClockReading } from './marketplace-clock.js';
import { formatQuantity, unitText, type ProductAction } from './metering.js';
import type { UsageReport } from './store.js';
import type { UseResult } from './usage-reporter.js';

/** How the app words metered usage: hours, the marketplace's clock, what using the product did, what a report did. */

/** "2026-05-01 14:00 UTC". */
export const hourText = (hour: string): string => `${hour.slice(0, 10)} ${hour.slice(11, 16)} UTC`;

/** "3 days 2 hours ahead of this machine". */
export function offsetText(ms: number): string {
  const abs = Math.abs(ms);
  if (abs < 1000) return 'in step with this machine';
  const parts: string[] = [];
  let rest = abs;
  for (const [name, size] of [['day', 86_400_000], ['hour', 3_600_000], ['minute', 60_000], ['second', 1000]] as const) {
    const n = Math.floor(rest / size);
    if (n > 0 && parts.length < 2) parts.push(`${n} ${name}${n === 1 ? '' : 's'}`);
    rest -= n * size;
  }
  return `${parts.join(' ')} ${ms > 0 ? 'ahead of' : 'behind'} this machine`;
}

export function clockText(reading: ClockReading, now: Date): string {
  const time = `${now.toISOString().slice(0, 19)}Z`;
  if (reading.source === 'local') return `${time} (this machine's clock${reading.error ? `; ${reading.error}` : ''})`;
  return `${time} (Agora's ${reading.virtual ? 'sandbox ' : ''}clock, ${offsetText(reading.offsetMs)}${reading.error ? `; ${reading.error}` : ''})`;
}

/** The message after the product was used. */
export function usageMessage(action: Pick<ProductAction, 'done'>, used: Pick<UseResult, 'dimension' | 'included' | 'overage' | 'hour' | 'newTerm' | 'meter'>): string {
  const { dimension, included, meter } = used;
  const prefix = used.newTerm ? `A new term started (${meter.termStart?.slice(0, 10)}): the included quantity is available again. ` : '';
  if (included === 'unlimited')
    return `${prefix}${action.done} ${dimension.displayName} are included without limit in your plan (${unitText(dimension, meter.usedInTerm)} this term): nothing is reported to the marketplace.`;
  if (used.overage <= 0) return `${prefix}${action.done} ${formatQuantity(meter.usedInTerm)} of ${unitText(dimension, included)} included this term used.`;
  return `${prefix}${action.done} ${unitText(dimension, meter.usedInTerm)} this term, ${formatQuantity(included)} included: ${unitText(dimension, used.overage)} above it will be reported with the ${hourText(used.hour ?? '')} hour.`;
}

/** One sentence about a report: what was sent and what the marketplace said. */
export function reportSummary(report: UsageReport): string {
  const parts: string[] = [];
  const sent = report.items.filter((i) => i.status !== 'NotSent' && !(i.status === 'Expired' && !i.effectiveStartTime));
  if (sent.length) {
    const counts = new Map<string, number>();
    for (const i of sent) counts.set(i.status, (counts.get(i.status) ?? 0) + 1);
    parts.push(`Reported ${sent.length} usage event${sent.length === 1 ? '' : 's'}: ${[...counts].map(([s, n]) => `${n} ${s}`).join(', ')}.`);
  }
  const moved = report.items.filter((i) => i.outcome === 'moved' && i.movedTo);
  for (const i of moved) parts.push(`The ${hourText(i.hour)} hour already had an event for ${i.dimension}: ${formatQuantity(i.quantity)} kept for the ${hourText(i.movedTo!)} hour.`);
  const dropped = report.items.filter((i) => i.outcome === 'dropped');
  for (const i of dropped) parts.push(`${formatQuantity(i.quantity)} ${i.dimension} of the ${hourText(i.hour)} hour were refused (${i.status}${i.message ? `: ${i.message}` : ''}).`);
  for (const c of report.calls.filter((c) => c.error)) parts.push(`The ${c.endpoint} call failed (${c.error}): its usage is kept for the next report.`);
  if (report.error) parts.push(report.error);
  return parts.join(' ') || 'Nothing was reported.';
}

