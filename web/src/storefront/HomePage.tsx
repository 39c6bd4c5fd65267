import { useEffect, useState, type FormEvent } from 'react';
import { EmptyState, ErrorMessage, Link, Loading, navigate, useApi, useLocation, useSession, useTitle } from '../ui/index.js';
import { BrowseFilters } from './BrowseFilters.js';
import { useMarket } from './market.js';
import { STORE_LABELS } from './names.js';
import { OfferTile } from './OfferTile.js';
import { browseHref, browseStateOf, facetsUrl, searchUrl, type BrowsePage, type BrowseState, type Facets, type StoreId } from './storeApi.js';
import './storefront.css';

const STORE_CHOICES: { id: StoreId | ''; label: string }[] = [
  { id: '', label: 'All stores' },
  { id: 'AppSource', label: STORE_LABELS.AppSource },
  { id: 'AzureMarketplace', label: STORE_LABELS.AzureMarketplace },
];

/** The storefront: search, the store switch, filters by category and industry, sorted and paged results. */
export function HomePage() {
  const { search } = useLocation();
  const state = browseStateOf(search);
  const [market] = useMarket();
  useTitle(state.q ? `Search: ${state.q}` : '');
  const results = useApi<BrowsePage>(searchUrl(state, market));
  const facets = useApi<Facets>(facetsUrl(state));
  const go = (change: Partial<BrowseState>) => navigate(browseHref({ ...state, page: 1, ...change }));

  return (
    <main id="main" className="store">
      <section className="hero">
        <div className="hero-inner">
          <h1>Find business apps and Azure solutions</h1>
          <p className="hero-lead">SaaS apps, Azure Applications and consulting services from publishers on this marketplace.</p>
          <SearchBox query={state.q} onSearch={(q) => go({ q, sort: 'relevance' })} />
          <div className="store-switch" role="group" aria-label="Store">
            {STORE_CHOICES.map((choice) => (
              <button
                key={choice.id}
                type="button"
                className={`store-switch-option${state.store === choice.id ? ' active' : ''}`}
                aria-pressed={state.store === choice.id}
                onClick={() => go({ store: choice.id, category: '' })}
              >
                {choice.label}
              </button>
            ))}
          </div>
        </div>
      </section>

      <section className="store-body">
        <BrowseFilters state={state} facets={facets.data} />
        <div className="store-results">
          <ResultsToolbar state={state} page={results.data} onSort={(sort) => go({ sort })} />
          {results.error ? (
            <ErrorMessage title="The catalog could not be searched" error={results.error} onRetry={results.reload} />
          ) : !results.data ? (
            <Loading label="Searching…" />
          ) : results.data.offers.length === 0 ? (
            <NoResults state={state} />
          ) : (
            <>
              <ul className="store-grid" aria-label="Results" aria-busy={results.loading}>
                {results.data.offers.map((offer) => (
                  <OfferTile key={`${offer.accountId}/${offer.offerId}`} offer={offer} />
                ))}
              </ul>
              <Pager state={state} page={results.data} />
            </>
          )}
        </div>
      </section>
    </main>
  );
}

function SearchBox({ query, onSearch }: { query: string; onSearch: (q: string) => void }) {
  const [text, setText] = useState(query);
  useEffect(() => setText(query), [query]);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSearch(text.trim());
  };
  return (
    <form className="search" role="search" onSubmit={submit}>
      <label htmlFor="search" className="sr-only">
        Search the marketplace
      </label>
      <input id="search" type="search" placeholder="Search apps, services and solutions" maxLength={200} value={text} onChange={(e) => setText(e.target.value)} />
      <button type="submit" className="btn btn-primary">
        Search
      </button>
    </form>
  );
}

function ResultsToolbar({ state, page, onSort }: { state: BrowseState; page: BrowsePage | undefined; onSort: (sort: BrowseState['sort']) => void }) {
  const first = page && page.total > 0 ? (page.page - 1) * page.pageSize + 1 : 0;
  const last = page ? Math.min(page.total, page.page * page.pageSize) : 0;
  return (
    <div className="store-toolbar">
      <p className="muted" role="status" data-testid="result-count">
        {page ? (page.total > 0 ? `Showing ${first} to ${last} of ${page.total} results` : 'No results') : '\u00a0'}
      </p>
      <label className="store-sort">
        Sort by{' '}
        <select value={state.sort} onChange={(e) => onSort(e.target.value as BrowseState['sort'])}>
          <option value="relevance">{state.q ? 'Relevance' : 'Name (default)'}</option>
          <option value="name">Name</option>
          <option value="newest">Newest</option>
        </select>
      </label>
    </div>
  );
}

function Pager({ state, page }: { state: BrowseState; page: BrowsePage }) {
  const pages = Math.max(1, Math.ceil(page.total / page.pageSize));
  if (pages === 1) return null;
  const to = (n: number) => browseHref({ ...state, page: n });
  return (
    <nav className="store-pager" aria-label="Pages">
      {page.page > 1 ? <Link to={to(page.page - 1)}>Previous</Link> : <span className="muted">Previous</span>}
      <span>
        Page {page.page} of {pages}
      </span>
      {page.page < pages ? <Link to={to(page.page + 1)}>Next</Link> : <span className="muted">Next</span>}
    </nav>
  );
}

function NoResults({ state }: { state: BrowseState }) {
  const { user } = useSession();
  const filtered = state.q || state.store || state.category || state.industry;
  if (filtered)
    return (
      <EmptyState>
        <p>No offers match{state.q ? ` "${state.q}"` : ''} with these filters.</p>
        <Link to="/">Clear the search and filters</Link>
      </EmptyState>
    );
  return (
    <EmptyState>
      <p>No offers are listed yet. Offers appear here once their publishers take them live.</p>
      <p className="button-row">
        <Link className="btn btn-primary" to="/partner">
          Sell on Agora: go to Partner Center
        </Link>
        {!user && (
          <Link className="btn btn-secondary" to="/signup">
            Create an organization
          </Link>
        )}
      </p>
    </EmptyState>
  );
}

export function NotFoundPage() {
  useTitle('Page not found');
  return (
    <main id="main" className="narrow">
      <div className="card">
        <h1>Page not found</h1>
        <p>There is no page at this address.</p>
        <p>
          <Link to="/">Go to the storefront</Link> · <Link to="/partner">Partner Center</Link>
        </p>
      </div>
    </main>
  );
}
