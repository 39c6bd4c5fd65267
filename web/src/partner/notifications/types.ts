/** The inbox's shapes: GET /api/accounts/:accountId/notifications (schemas Notification and Inbox). */

export interface AccountNotification {
  notificationId: string;
  /** What happened, e.g. anomalyDetected. */
  kind: string;
  subject: string;
  /** Plain text. */
  body: string;
  /** A path in the portal, or null. */
  link: string | null;
  data: Record<string, unknown>;
  createdAt: string;
  /** Whether you have read it (read state is per person). */
  read: boolean;
  readAt: string | null;
}

export interface Inbox {
  items: AccountNotification[];
  /** The account's notifications you have not read. */
  unreadCount: number;
  /** The notifications the filter selects, over all pages. */
  total: number;
}
