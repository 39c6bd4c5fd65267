export { WebhooksPage } from './WebhooksPage.js';
export { WebhookDetailPage } from './WebhookDetailPage.js';
