import { ApiError, EmptyState, ErrorMessage, Loading, PageHeader, isMissingRoute, path, useApi, useTitle, type MyAccount } from '../../ui/index.js';
import { PayoutHoldSection } from './PayoutHoldSection.js';
import { PayoutProfileSection } from './PayoutProfileSection.js';
import { TaxProfileSection } from './TaxProfileSection.js';
import type { FinanceReference, PayoutProfile, TaxProfile } from './types.js';
import './finance.css';

/** A profile's GET answers 404 until the profile exists: that is "not started", not an error. */
const notStarted = (error: unknown) => error instanceof ApiError && error.status === 404 && !isMissingRoute(error);

/** Partner Center › Payout and tax profiles: the tax profile, then the payout profile, and the payout hold. */
export function PayoutPage({ account }: { account: MyAccount }) {
  useTitle(`${account.displayName} · Payout and tax profiles`);
  const allowed = account.actions.includes('finance.read');
  const canManage = account.actions.includes('payout.manage');
  const reference = useApi<FinanceReference>(allowed ? '/api/finance/reference' : null);
  const tax = useApi<TaxProfile>(allowed ? path`/api/accounts/${account.accountId}/tax-profile` : null);
  const payout = useApi<PayoutProfile>(allowed ? path`/api/accounts/${account.accountId}/payout-profile` : null);

  const header = (
    <PageHeader
      title="Payout and tax profiles"
      subtitle="To sell transactable offers, submit your tax profile and then your payout profile; both must be validated before you are paid."
    />
  );
  if (!allowed)
    return (
      <>
        {header}
        <EmptyState>Payout and tax settings are for Owners and Financial contributors; your roles do not include them.</EmptyState>
      </>
    );
  const failed = reference.error ? reference : [tax, payout].find((r) => r.error && !notStarted(r.error));
  if (failed)
    return (
      <>
        {header}
        <ErrorMessage title="Your payout and tax profiles could not be loaded" error={failed.error} onRetry={failed.reload} />
      </>
    );
  const loaded = (r: typeof tax | typeof payout) => r.data !== undefined || notStarted(r.error);
  if (!reference.data || !loaded(tax) || !loaded(payout))
    return (
      <>
        {header}
        <Loading label="Loading your payout and tax profiles…" />
      </>
    );

  return (
    <>
      {header}
      <TaxProfileSection
        accountId={account.accountId}
        canManage={canManage}
        reference={reference.data}
        profile={tax.data}
        onSaved={(p) => {
          tax.setData(p);
          // A new country of residence can reject the bank account: show the payout profile as it is now.
          payout.reload();
        }}
      />
      <PayoutProfileSection accountId={account.accountId} canManage={canManage} reference={reference.data} tax={tax.data} profile={payout.data} onSaved={payout.setData} />
      {payout.data && <PayoutHoldSection accountId={account.accountId} canManage={canManage} profile={payout.data} onSaved={payout.setData} />}
    </>
  );
}
