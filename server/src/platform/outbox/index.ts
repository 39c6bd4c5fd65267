export { OutboxRunner, type RunnerOptions } from './runner.js';
export { enqueue, enqueueMany, replay, listMessages, getMessage, type EnqueueInput, type MessageRow, type AttemptRow, type MessageFilter, type ReplayResult } from './outbox.store.js';
export { backoffDelayMs } from './backoff.js';
export {
  DEFAULT_RETRY,
  PermanentFailure,
  RetryableFailure,
  type Json,
  type OutboxHandler,
  type OutboxMessage,
  type HandlerContext,
  type HandlerResult,
  type RetryPolicy,
} from './outbox.types.js';
