/** The webhook delivery log's shapes (GET /api/accounts/:accountId/webhooks[/:webhookId], schema WebhookDelivery). */

export interface WebhookAttempt {
  attempt: number;
  startedAt: string;
  finishedAt: string | null;
  /** succeeded, failed, dead (gave up), running... */
  outcome: string;
  error: string | null;
  /** What the call saw: { url, status, response } on an answer, { url, error } when it could not connect. */
  detail: unknown;
}

export interface WebhookDelivery {
  webhookId: string;
  subscriptionId: string;
  operationId: string;
  action: string;
  url: string | null;
  createdAt: string;
  /** The outbox's state: pending (waiting for its next attempt), running, done (delivered) or dead (gave up). */
  status: string;
  attempts: number;
  lastError: string | null;
  nextAttemptAt: string | null;
  /** The detail only. */
  payload?: unknown;
  attemptLog?: WebhookAttempt[];
}
