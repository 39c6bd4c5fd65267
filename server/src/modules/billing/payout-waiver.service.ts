import { sql } from 'kysely';
import type { Tx } from '../../platform/db/index.js';
import { fail, ok, type Result } from '../../platform/errors.js';
import { isGuid } from '../../platform/ids.js';
import { fixed } from './payout.math.js';
import { lockPayouts } from './payout.store.js';
import { pq } from './payout.tables.js';

/**
 * The store fee waiver of a test purchase (spec/06 §2.11, item 21): purchases made from an offer's preview are
 * charged for real, and a publisher who opens a support ticket within 7 days of the test purchase is paid the full
 * amount with no store fee. An operator records the ticket (ADR 0018):
 *
 * - the purchase is the subscription's earliest earning (the day its first charge arose); the ticket must have been
 *   opened on that day or at most 7 calendar days (UTC) after it, else 409 WaiverWindowClosed;
 * - only test purchases (is_test earnings), else 409 NotATestPurchase; once per subscription, else 409 AlreadyWaived;
 * - the waiver covers the subscription's earnings that arose up to the ticket's day (the purchase and any change
 *   made while testing); earnings already paid out keep their fee (409 AlreadyPaidOut when that is all of them);
 * - a waived earning's fee rate and fee become 0 and its net its gross; the fee it had is kept with the waiver.
 * Earnings exist once the purchase is invoiced (the monthly billing run), so a ticket is recorded from then on, with
 * the time it was opened.
 */

export const WAIVER_WINDOW_DAYS = 7;
const DAY_MS = 86_400_000;

export interface WaiverInput {
  subscriptionId: string;
  /** When the publisher opened the ticket (ISO 8601); defaults to now. */
  ticketOpenedAt?: string | undefined;
  note?: string | undefined;
}

export interface WaiverView {
  subscriptionId: string;
  accountId: string;
  purchaseDate: string;
  ticketOpenedAt: string;
  waivedAt: string;
  waivedBy: string;
  note: string | null;
  earnings: { earningId: string; transactionDate: string; currency: string; gross: string; feeBefore: string; fee: string; net: string }[];
  /** Covered earnings already paid out with their fee (left as they were). */
  paidOutBefore: number;
}

const dayMs = (day: string): number => Date.parse(`${day}T00:00:00Z`);

export async function waiveTestPurchaseFee(tx: Tx, now: Date, input: WaiverInput, by: string): Promise<Result<WaiverView>> {
  if (!isGuid(input.subscriptionId)) return fail('ValidationFailed', 'subscriptionId is a GUID.', { target: 'subscriptionId' });
  const subscriptionId = input.subscriptionId.toLowerCase();
  const opened = input.ticketOpenedAt === undefined ? now : new Date(input.ticketOpenedAt);
  if (Number.isNaN(opened.getTime()) || (input.ticketOpenedAt !== undefined && !/^\d{4}-\d{2}-\d{2}T/.test(input.ticketOpenedAt)))
    return fail('ValidationFailed', 'ticketOpenedAt is an ISO 8601 date and time, e.g. 2026-03-12T09:00:00Z.', { target: 'ticketOpenedAt' });
  if (opened.getTime() > now.getTime()) return fail('ValidationFailed', 'ticketOpenedAt is not in the future.', { target: 'ticketOpenedAt' });
  const note = input.note?.trim() || null;
  if (note && note.length > 500) return fail('ValidationFailed', 'note has at most 500 characters.', { target: 'note' });

  await lockPayouts(tx);
  const done = await pq(tx).selectFrom('billing_fee_waiver').select('waived_at').where('subscription_id', '=', subscriptionId).executeTakeFirst();
  if (done) return fail('AlreadyWaived', `The store fee of this test purchase was waived on ${done.waived_at.toISOString()}.`, { target: 'subscriptionId' });
  const earnings = await pq(tx)
    .selectFrom('billing_earning')
    .select(['earning_id', 'account_id', sql<string>`transaction_date::text`.as('transaction_date'), 'currency', 'gross', 'fee_rate', 'fee', 'is_test', 'payout_id'])
    .where('subscription_id', '=', subscriptionId)
    .orderBy('transaction_date')
    .orderBy('earning_id')
    .forUpdate()
    .execute();
  if (earnings.length === 0)
    return fail('NotFound', 'This subscription has no earnings yet: a purchase gets its earnings when it is invoiced (on the 2nd of the next month); record the ticket then, with the time it was opened.', { target: 'subscriptionId' });
  if (earnings.some((e) => !e.is_test)) return fail('NotATestPurchase', 'Only test purchases (made from an offer\'s preview) have their store fee waived.', { target: 'subscriptionId' });
  const purchaseDate = earnings[0]!.transaction_date;
  const ticketDay = opened.toISOString().slice(0, 10);
  if (dayMs(ticketDay) < dayMs(purchaseDate)) return fail('ValidationFailed', `The ticket cannot be opened before the purchase (${purchaseDate}).`, { target: 'ticketOpenedAt' });
  if (dayMs(ticketDay) - dayMs(purchaseDate) > WAIVER_WINDOW_DAYS * DAY_MS)
    return fail('WaiverWindowClosed', `The ticket was opened on ${ticketDay}, more than ${WAIVER_WINDOW_DAYS} days after the test purchase on ${purchaseDate}: the store fee stays.`, { target: 'ticketOpenedAt' });
  const covered = earnings.filter((e) => e.transaction_date <= ticketDay);
  const open = covered.filter((e) => e.payout_id === null);
  if (open.length === 0) return fail('AlreadyPaidOut', 'The earnings of this test purchase were paid out already, with the store fee.', { target: 'subscriptionId' });

  const accountId = earnings[0]!.account_id;
  await pq(tx).insertInto('billing_fee_waiver').values({ subscription_id: subscriptionId, account_id: accountId, purchase_date: purchaseDate, ticket_opened_at: opened, note, waived_at: now, waived_by: by }).execute();
  await pq(tx)
    .insertInto('billing_fee_waiver_earning')
    .values(open.map((e) => ({ earning_id: e.earning_id, subscription_id: subscriptionId, fee_rate_before: String(e.fee_rate), fee_before: String(e.fee) })))
    .execute();
  await pq(tx)
    .updateTable('billing_earning')
    .set((eb) => ({ fee_rate: '0', fee: '0', net: eb.ref('gross') }))
    .where('earning_id', 'in', open.map((e) => e.earning_id))
    .where('payout_id', 'is', null)
    .execute();
  return ok({
    subscriptionId,
    accountId,
    purchaseDate,
    ticketOpenedAt: opened.toISOString(),
    waivedAt: now.toISOString(),
    waivedBy: by,
    note,
    earnings: open.map((e) => ({
      earningId: e.earning_id,
      transactionDate: e.transaction_date,
      currency: e.currency,
      gross: fixed(String(e.gross), e.currency),
      feeBefore: fixed(String(e.fee), e.currency),
      fee: fixed(0, e.currency),
      net: fixed(String(e.gross), e.currency),
    })),
    paidOutBefore: covered.length - open.length,
  });
}
