import { EmptyState, formatDateTime } from '../ui/index.js';
import { formatMoney } from './money.js';
import { chargeKindLabel, chargeTotals } from './subscriptionStatus.js';
import { formatTermDate } from './termDates.js';
import type { Charge } from './types.js';

/** The subscription's charges and refunds, oldest first, with what they add up to. */
export function ChargesTable({ charges, planName }: { charges: Charge[]; planName: (planId: string) => string }) {
  const totals = chargeTotals(charges);
  return (
    <section className="card" aria-labelledby="charges-title">
      <h2 id="charges-title">Charges</h2>
      {charges.length === 0 ? (
        <EmptyState>No charges yet. A term is charged when it starts (after a free trial, when the trial ends); your monthly invoice bills it.</EmptyState>
      ) : (
        <>
          <table className="table" data-testid="charges-table">
            <thead>
              <tr>
                <th scope="col">Date</th>
                <th scope="col">Type</th>
                <th scope="col">Term</th>
                <th scope="col">Plan</th>
                <th scope="col">Users</th>
                <th scope="col" className="amount">
                  Amount
                </th>
              </tr>
            </thead>
            <tbody>
              {charges.map((c, i) => (
                <tr key={`${c.kind}-${c.termStart}-${i}`}>
                  <td>{formatDateTime(c.createdAt)}</td>
                  <td>{chargeKindLabel(c.kind, c.amount)}</td>
                  <td>
                    {formatTermDate(c.termStart)} – {formatTermDate(c.termEnd)}
                  </td>
                  <td>{planName(c.planId)}</td>
                  <td>{c.quantity ?? '—'}</td>
                  <td className="amount">{formatMoney(c.amount, c.currency)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {totals && (
            <p className="muted" data-testid="charges-total">
              Charged {formatMoney(totals.paid, totals.currency)}
              {totals.refunded !== '0' && Number(totals.refunded) !== 0 && `, refunded ${formatMoney(totals.refunded, totals.currency)}`}.
            </p>
          )}
        </>
      )}
    </section>
  );
}
