export { UsagePage } from './UsagePage.js';
export { SubscriptionUsagePage } from './SubscriptionUsagePage.js';
