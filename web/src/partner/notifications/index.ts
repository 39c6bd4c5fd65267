export { NotificationsPage } from './NotificationsPage.js';
export { UnreadBadge } from './UnreadBadge.js';
