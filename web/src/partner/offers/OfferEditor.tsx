import { Link, Loading, NavLink, Notice, PageHeader, Redirect, ErrorMessage, matchPath, path, useTitle, type MyAccount } from '../../ui/index.js';
import { OfferProvider, OfferStatusBadge, StatusIcon, useOffer, useOfferState } from './common.js';
import { ComparePage, HistoryPage } from './HistoryPages.js';
import { PlanEditor } from './PlanEditor.js';
import { PlanOverview } from './PlanOverview.js';
import { ReviewPublish, StopOfferDistribution } from './ReviewPublish.js';
import { TAB_PAGES } from './tabs/index.js';

/** The pages of one offer under /partner/offers/:offerId/... with a sub-navigation of its tabs. */
export function OfferEditor({ account, offerId, pathname }: { account: MyAccount; offerId: string; pathname: string }) {
  const state = useOfferState(account, offerId);
  useTitle(state.detail ? `${state.detail.alias} · Offer` : 'Offer');
  const root = path`/partner/offers/${offerId}`;

  if (state.error)
    return (
      <>
        <PageHeader title="Offer" actions={<Link to="/partner/offers">All offers</Link>} />
        <ErrorMessage title="The offer could not be loaded" error={state.error} onRetry={state.reload} />
      </>
    );
  if (!state.detail) return <Loading label="Loading the offer…" />;
  const d = state.detail;

  return (
    <OfferProvider value={state}>
      <nav className="breadcrumb" aria-label="Breadcrumb">
        <Link to="/partner/offers">Marketplace offers</Link> <span aria-hidden="true">›</span> <span>{d.alias}</span>
      </nav>
      <PageHeader
        title={d.alias}
        subtitle={
          <>
            {d.offerTypeName} · <code>{d.offerId}</code> · <OfferStatusBadge status={d.status} />
            {d.stores.length > 0 && <span className="muted"> · {d.stores.map((s) => (s === 'AppSource' ? 'Microsoft AppSource' : s === 'AzureMarketplace' ? 'Azure Marketplace' : s)).join(' and ')}</span>}
          </>
        }
        actions={
          <Link className="btn btn-primary" to={`${root}/review`}>
            Review and publish
          </Link>
        }
      />
      <div className="offer-layout">
        <OfferNav root={root} pathname={pathname} />
        <div className="offer-page" key={state.loadKey}>
          <OfferRoutes root={root} pathname={pathname} />
        </div>
      </div>
    </OfferProvider>
  );
}

function OfferNav({ root, pathname }: { root: string; pathname: string }) {
  const { detail } = useOffer();
  const d = detail!;
  const plan = matchPath(`${root}/plans/:planId/*`, pathname);
  return (
    <nav className="offer-nav" aria-label="Offer pages">
      <NavLink to={root} exact>
        Offer overview
      </NavLink>
      {d.tabs.map((t) => (
        <NavLink key={t.id} to={`${root}/${t.id}`} data-testid={`nav-${t.id}`}>
          <StatusIcon status={t.status} iconOnly />
          {t.title}
        </NavLink>
      ))}
      {
        <>
          <NavLink to={`${root}/plans`} exact data-testid="nav-plans">
            <StatusIcon status={d.planOverview.status} iconOnly />
            Plan overview
          </NavLink>
          {plan && (
            <div className="offer-nav-sub">
              <span className="offer-nav-plan">{d.planList.find((p) => p.planId === plan.planId)?.name ?? plan.planId}</span>
              <NavLink to={`${root}${path`/plans/${plan.planId!}/listing`}`}>Plan listing</NavLink>
              <NavLink to={`${root}${path`/plans/${plan.planId!}/pricing`}`}>Pricing and availability</NavLink>
            </div>
          )}
        </>
      }
      <div className="offer-nav-sep" />
      <NavLink to={`${root}/review`}>Review and publish</NavLink>
      <NavLink to={`${root}/history`}>History</NavLink>
      <NavLink to={`${root}/compare`}>Compare</NavLink>
    </nav>
  );
}

function OfferRoutes({ root, pathname }: { root: string; pathname: string }) {
  const { detail } = useOffer();
  const d = detail!;
  if (matchPath(root, pathname)) return <OfferOverview root={root} />;
  if (matchPath(`${root}/plans`, pathname)) return <PlanOverview />;
  if (matchPath(`${root}/review`, pathname)) return <ReviewPublish />;
  if (matchPath(`${root}/history`, pathname)) return <HistoryPage />;
  if (matchPath(`${root}/compare`, pathname)) return <ComparePage />;
  const planRoot = matchPath(`${root}/plans/:planId`, pathname);
  if (planRoot) return <Redirect to={`${root}${path`/plans/${planRoot.planId!}/listing`}`} />;
  const plan = matchPath(`${root}/plans/:planId/:section`, pathname);
  if (plan && (plan.section === 'listing' || plan.section === 'pricing')) return <PlanEditor key={plan.planId} planId={plan.planId!} section={plan.section} />;
  const tab = matchPath(`${root}/:tabId`, pathname);
  if (tab) {
    const view = d.tabs.find((t) => t.id === tab.tabId);
    const Page = TAB_PAGES[tab.tabId!];
    if (view && Page) return <Page key={tab.tabId} view={view} />;
    if (Page)
      return (
        <Notice tone="info">
          This page applies to transactable offers only. On <Link to={`${root}/setup`}>Offer setup</Link>, choose to sell through the marketplace to use it.
        </Notice>
      );
  }
  return (
    <p>
      There is no such page for this offer. <Link to={root}>Go to the offer overview</Link>.
    </p>
  );
}

function OfferOverview({ root }: { root: string }) {
  const { detail } = useOffer();
  const d = detail!;
  return (
    <>
      <section className="card" aria-labelledby="overview-title">
        <h2 id="overview-title">Offer overview</h2>
        <dl className="facts">
          <div className="fact-row">
            <dt>Status</dt>
            <dd>
              <OfferStatusBadge status={d.status} />
            </dd>
          </div>
          <div className="fact-row">
            <dt>Offer ID</dt>
            <dd>
              <code>{d.offerId}</code>
            </dd>
          </div>
          <div className="fact-row">
            <dt>Type</dt>
            <dd>{d.offerTypeName}</dd>
          </div>
          <div className="fact-row">
            <dt>Online stores</dt>
            <dd>{d.stores.length ? d.stores.join(', ') : <span className="muted">Decided by the categories on Properties</span>}</dd>
          </div>
          <div className="fact-row">
            <dt>Ready to publish</dt>
            <dd>{d.readyToPublish ? 'Yes' : 'Not yet'}</dd>
          </div>
        </dl>
        <h3>Pages</h3>
        <table className="table" data-testid="overview-tabs">
          <tbody>
            {d.tabs.map((t) => (
              <tr key={t.id}>
                <td>
                  <Link to={`${root}/${t.id}`}>{t.title}</Link>
                </td>
                <td>
                  <StatusIcon status={t.status} />
                </td>
                <td className="muted">{t.missing.length ? `${t.missing.length} item${t.missing.length === 1 ? '' : 's'} missing` : ''}</td>
              </tr>
            ))}
            <tr>
              <td>
                <Link to={`${root}/plans`}>Plan overview</Link>
              </td>
              <td>
                <StatusIcon status={d.planOverview.status} />
              </td>
              <td className="muted">
                {d.planList.length} plan{d.planList.length === 1 ? '' : 's'}
              </td>
            </tr>
          </tbody>
        </table>
      </section>
      {d.published && <StopOfferDistribution />}
    </>
  );
}
