import { Link, useSession, useTitle } from '../ui/index.js';

const CATEGORIES = ['Analytics', 'AI + Machine Learning', 'Collaboration', 'Compliance & legal', 'Finance', 'Security', 'IT & management tools', 'Sales'];

export function HomePage() {
  useTitle('');
  const { user } = useSession();
  return (
    <main id="main">
      <section className="hero">
        <div className="hero-inner">
          <h1>Find business apps and Azure solutions</h1>
          <p className="hero-lead">SaaS apps, Azure Applications and consulting services from publishers on this marketplace.</p>
          <form className="search" role="search" onSubmit={(e) => e.preventDefault()}>
            <label htmlFor="search" className="sr-only">
              Search the marketplace
            </label>
            <input id="search" type="search" placeholder="Search apps, services and solutions" disabled aria-describedby="search-caption" />
            <button type="submit" className="btn btn-primary" disabled>
              Search
            </button>
          </form>
          <p className="search-caption" id="search-caption">
            Catalog arrives with the first published offers.
          </p>
        </div>
      </section>

      <section className="home-body">
        <div className="card-grid">
          <div className="card">
            <h2>Nothing listed yet</h2>
            <p>
              This marketplace has no published offers yet. Offers, plans and listings appear here once publishers create and publish them; the storefront
              catalog, search and reviews come with that work.
            </p>
            <div className="chips" aria-label="Categories to come">
              {CATEGORIES.map((c) => (
                <span key={c} className="chip chip-disabled">
                  {c}
                </span>
              ))}
            </div>
          </div>
          <div className="card">
            <h2>Sell on Agora</h2>
            <p>Publishers manage their account, users and Azure AD applications in Partner Center.</p>
            <p className="button-row">
              <Link className="btn btn-primary" to="/partner">
                Go to Partner Center
              </Link>
              {!user && (
                <Link className="btn btn-secondary" to="/signup">
                  Create an organization
                </Link>
              )}
            </p>
          </div>
          <div className="card">
            <h2>Build against the APIs</h2>
            <p>
              The token endpoint, portal and operator APIs are described in OpenAPI. The SaaS fulfillment and metering APIs follow Microsoft&apos;s wire format.
            </p>
            <p>
              <a className="btn btn-secondary" href="/docs">
                Open API docs
              </a>
            </p>
          </div>
        </div>
      </section>
    </main>
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
