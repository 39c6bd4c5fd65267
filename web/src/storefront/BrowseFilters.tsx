import { Link } from '../ui/index.js';
import { categoryName, industryName } from './names.js';
import { browseHref, type BrowseState, type Facets } from './storeApi.js';

/** The category and industry filters, each with how many offers it would show. */
export function BrowseFilters({ state, facets }: { state: BrowseState; facets: Facets | undefined }) {
  const to = (change: Partial<BrowseState>) => browseHref({ ...state, ...change, page: 1 });
  const categories = facets?.categories ?? [];
  const industries = facets?.industries ?? [];
  return (
    <aside className="store-filters" aria-label="Filters">
      <section>
        <h2>Categories</h2>
        <ul>
          <li>
            <Link to={to({ category: '' })} aria-current={state.category === '' ? 'true' : undefined}>
              All categories
            </Link>
          </li>
          {categories.map((c) => (
            <li key={`${c.store}/${c.categoryId}`}>
              <Link to={to({ category: c.categoryId })} aria-current={state.category === c.categoryId ? 'true' : undefined}>
                {categoryName(c.store, c.categoryId)}
                {!state.store && <span className="muted"> · {c.store === 'AppSource' ? 'AppSource' : 'Azure'}</span>}
              </Link>
              <span className="count">{c.count}</span>
            </li>
          ))}
          {state.category && !categories.some((c) => c.categoryId === state.category) && (
            <li>
              <span aria-current="true">{state.category}</span> <span className="count">0</span>
            </li>
          )}
        </ul>
      </section>
      {(industries.length > 0 || state.industry) && (
        <section>
          <h2>Industries</h2>
          <ul>
            <li>
              <Link to={to({ industry: '' })} aria-current={state.industry === '' ? 'true' : undefined}>
                All industries
              </Link>
            </li>
            {industries.map((i) => (
              <li key={i.industryId}>
                <Link to={to({ industry: i.industryId })} aria-current={state.industry === i.industryId ? 'true' : undefined}>
                  {industryName(i.industryId)}
                </Link>
                <span className="count">{i.count}</span>
              </li>
            ))}
          </ul>
        </section>
      )}
    </aside>
  );
}
