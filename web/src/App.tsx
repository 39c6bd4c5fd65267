import { AdminConsole } from './admin/index.js';
import { CheckoutPage, SubscriptionDetailPage, SubscriptionsPage } from './customer/index.js';
import { InvoicePage, InvoicesPage } from './customer/invoices/index.js';
import { PartnerPortal } from './partner/index.js';
import { HomePage, InvitationPage, NotFoundPage, OfferPage, SignInPage, SignUpPage } from './storefront/index.js';
import { Header, SessionProvider, matchPath, useLocation, type Area } from './ui/index.js';

function areaOf(pathname: string): Area {
  if (matchPath('/partner/*', pathname)) return 'partner';
  if (matchPath('/admin/*', pathname)) return 'admin';
  return 'storefront';
}

function Page({ pathname }: { pathname: string }) {
  if (pathname === '/') return <HomePage />;
  if (matchPath('/signin', pathname)) return <SignInPage />;
  if (matchPath('/signup', pathname)) return <SignUpPage />;
  const offer = matchPath('/offers/:accountId/:offerId', pathname);
  if (offer) return <OfferPage key={`${offer.accountId}/${offer.offerId}`} accountId={offer.accountId!} offerId={offer.offerId!} />;
  const invitation = matchPath('/invitations/:token', pathname);
  if (invitation) return <InvitationPage key={invitation.token} token={invitation.token!} />;
  const checkout = matchPath('/checkout/:accountId/:offerId', pathname);
  if (checkout) return <CheckoutPage key={`${checkout.accountId}/${checkout.offerId}`} accountId={checkout.accountId!} offerId={checkout.offerId!} />;
  if (matchPath('/subscriptions', pathname)) return <SubscriptionsPage />;
  const subscription = matchPath('/subscriptions/:subscriptionId', pathname);
  if (subscription) return <SubscriptionDetailPage key={subscription.subscriptionId} subscriptionId={subscription.subscriptionId!} />;
  if (matchPath('/invoices', pathname)) return <InvoicesPage />;
  const invoice = matchPath('/invoices/:invoiceId', pathname);
  if (invoice) return <InvoicePage key={invoice.invoiceId} invoiceId={invoice.invoiceId!} />;
  if (matchPath('/partner/*', pathname)) return <PartnerPortal />;
  if (matchPath('/admin/*', pathname)) return <AdminConsole />;
  return <NotFoundPage />;
}

function Shell() {
  const { pathname } = useLocation();
  const area = areaOf(pathname);
  return (
    <div className={`app area-${area}`}>
      <Header area={area} />
      <Page pathname={pathname} />
    </div>
  );
}

export function App() {
  return (
    <SessionProvider>
      <Shell />
    </SessionProvider>
  );
}
