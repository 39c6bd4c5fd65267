export { CheckoutPage } from './CheckoutPage.js';
export { SubscriptionsPage } from './SubscriptionsPage.js';
export { SubscriptionDetailPage } from './SubscriptionDetailPage.js';
