import type { Executor } from '../../platform/db/index.js';
import { fail, ok, type Result } from '../../platform/errors.js';
import { isGuid } from '../../platform/ids.js';
import { Dec } from '../../platform/money.js';
import { fixed } from './payout.math.js';
import { carriesOfAccount, findPayout, payoutsOfAccount, statementLines, type StatementLineRow } from './payout.store.js';
import type { CarryReason, PayoutRow } from './payout.tables.js';
import { toCsv } from './statement.csv.js';

/**
 * Payout statements (ADR 0018): each payout with every earning it pays — when and to whom it was sold, the invoice
 * line, gross, store fee and net in the customer's currency, the rate used and the amount in the payout currency,
 * and the withholding — with totals; the account's payouts and the runs that carried it forward; CSV exports.
 */

export interface PayoutSummaryView {
  payoutId: string;
  accountId: string;
  month: string;
  payoutDate: string;
  currency: string;
  amount: string;
  withholding: string;
  total: string;
  withholdingRate: string;
  bankReference: string;
  earnings: number;
  createdAt: string;
}

export const payoutSummary = (p: PayoutRow): PayoutSummaryView => ({
  payoutId: p.payout_id,
  accountId: p.account_id,
  month: p.month,
  payoutDate: p.payout_date,
  currency: p.currency,
  amount: fixed(p.amount, p.currency),
  withholding: fixed(p.withholding, p.currency),
  total: fixed(p.total, p.currency),
  withholdingRate: new Dec(p.withholding_rate).toFixed(2),
  bankReference: p.bank_reference,
  earnings: p.earnings,
  createdAt: p.created_at.toISOString(),
});

export interface CarriedForwardView {
  month: string;
  reason: CarryReason;
  currency: string | null;
  total: string | null;
  threshold: string | null;
  earnings: number;
}

export async function listPayouts(x: Executor, accountId: string, page: { top: number; skip: number }): Promise<{ items: PayoutSummaryView[]; carriedForward: CarriedForwardView[] }> {
  const payouts = await payoutsOfAccount(x, accountId, page.top, page.skip);
  const carries = await carriesOfAccount(x, accountId, 24);
  return {
    items: payouts.map(payoutSummary),
    carriedForward: carries.map((c) => ({
      month: c.month,
      reason: c.reason,
      currency: c.currency,
      total: c.total === null || c.currency === null ? null : fixed(c.total, c.currency),
      threshold: c.threshold === null || c.currency === null ? null : fixed(c.threshold, c.currency),
      earnings: c.earnings,
    })),
  };
}

export interface StatementLineView {
  lineNo: number;
  earningId: string;
  transactionDate: string;
  customerTenantId: string;
  subscriptionId: string;
  offerId: string;
  planId: string;
  kind: string;
  invoiceNumber: string;
  invoiceLine: number;
  market: string;
  isTest: boolean;
  currency: string;
  gross: string;
  feeRate: string;
  fee: string;
  net: string;
  taxToPublisher: string;
  /** Payout-currency units per 1 unit of the customer's currency on the transaction date. */
  rate: string;
  customerUsdRate: string;
  payoutUsdRate: string;
  rateDate: string;
  /** net + tax to the publisher, in the payout currency. */
  amount: string;
  withholding: string;
}

export interface StatementView extends PayoutSummaryView {
  lines: StatementLineView[];
  totals: {
    byCurrency: { currency: string; earnings: number; gross: string; fee: string; net: string; taxToPublisher: string }[];
    amount: string;
    withholding: string;
    total: string;
  };
}

const lineView = (l: StatementLineRow, payoutCurrency: string): StatementLineView => ({
  lineNo: l.line_no,
  earningId: l.earning_id,
  transactionDate: l.transaction_date,
  customerTenantId: l.customer_tenant_id,
  subscriptionId: l.subscription_id,
  offerId: l.offer_id,
  planId: l.plan_id,
  kind: l.kind,
  invoiceNumber: l.invoice_number,
  invoiceLine: l.invoice_line_no,
  market: l.market,
  isTest: l.is_test,
  currency: l.currency,
  gross: fixed(l.gross, l.currency),
  feeRate: l.fee_rate,
  fee: fixed(l.fee, l.currency),
  net: fixed(l.net, l.currency),
  taxToPublisher: fixed(l.tax_to_publisher, l.currency),
  rate: l.rate,
  customerUsdRate: l.customer_usd_rate,
  payoutUsdRate: l.payout_usd_rate,
  rateDate: l.transaction_date,
  amount: fixed(l.amount, payoutCurrency),
  withholding: fixed(l.withholding, payoutCurrency),
});

export async function statement(x: Executor, accountId: string, payoutId: string): Promise<Result<StatementView>> {
  const payout = isGuid(payoutId) ? await findPayout(x, payoutId.toLowerCase(), accountId) : undefined;
  if (!payout) return fail('NotFound', 'This account has no such payout.', { target: 'payoutId' });
  const lines = (await statementLines(x, payout.payout_id)).map((l) => lineView(l, payout.currency));
  const byCurrency = new Map<string, { earnings: number; gross: Dec; fee: Dec; net: Dec; tax: Dec }>();
  for (const l of lines) {
    const t = byCurrency.get(l.currency) ?? { earnings: 0, gross: new Dec(0), fee: new Dec(0), net: new Dec(0), tax: new Dec(0) };
    t.earnings++;
    t.gross = t.gross.plus(l.gross);
    t.fee = t.fee.plus(l.fee);
    t.net = t.net.plus(l.net);
    t.tax = t.tax.plus(l.taxToPublisher);
    byCurrency.set(l.currency, t);
  }
  const summary = payoutSummary(payout);
  return ok({
    ...summary,
    lines,
    totals: {
      byCurrency: [...byCurrency.entries()]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([currency, t]) => ({ currency, earnings: t.earnings, gross: fixed(t.gross, currency), fee: fixed(t.fee, currency), net: fixed(t.net, currency), taxToPublisher: fixed(t.tax, currency) })),
      amount: summary.amount,
      withholding: summary.withholding,
      total: summary.total,
    },
  });
}

export const STATEMENT_CSV_HEADER = [
  'payoutId',
  'payoutMonth',
  'lineNo',
  'transactionDate',
  'customerTenantId',
  'subscriptionId',
  'offerId',
  'planId',
  'kind',
  'invoiceNumber',
  'invoiceLine',
  'market',
  'isTest',
  'currency',
  'gross',
  'feeRate',
  'fee',
  'net',
  'taxToPublisher',
  'rate',
  'payoutCurrency',
  'amount',
  'withholding',
] as const;

export function statementCsv(s: StatementView): string {
  return toCsv(
    STATEMENT_CSV_HEADER,
    s.lines.map((l) => [
      s.payoutId,
      s.month,
      l.lineNo,
      l.transactionDate,
      l.customerTenantId,
      l.subscriptionId,
      l.offerId,
      l.planId,
      l.kind,
      l.invoiceNumber,
      l.invoiceLine,
      l.market,
      l.isTest,
      l.currency,
      l.gross,
      l.feeRate,
      l.fee,
      l.net,
      l.taxToPublisher,
      l.rate,
      s.currency,
      l.amount,
      l.withholding,
    ]),
  );
}
