import { useCallback, useEffect, useState } from 'react';
import { POLL_GIVE_UP_MS, POLL_INTERVAL_MS, changeState, clearPending, loadPending, savePending, type PendingChange } from './pendingChange.js';
import type { SubscriptionDetail } from './types.js';

/** A stored wait older than this is forgotten (the publisher answered, or never will, long ago). */
const FORGET_AFTER_MS = 86_400_000;

export interface PendingChangeState {
  /** The change still waiting for the publisher. */
  pending: PendingChange | undefined;
  /** The last wait's end: the change was applied or declined, or the subscription was canceled meanwhile. */
  finished: { change: PendingChange; state: 'applied' | 'declined' | 'ended' } | undefined;
  /** Polling stopped after POLL_GIVE_UP_MS without the change showing. */
  gaveUp: boolean;
  start(change: PendingChange): void;
  checkAgain(): void;
  stopWaiting(): void;
}

function initial(subscriptionId: string): PendingChange | undefined {
  const stored = loadPending(subscriptionId);
  if (stored && Date.now() - stored.startedAt > FORGET_AFTER_MS) {
    clearPending(subscriptionId);
    return undefined;
  }
  return stored;
}

/** Polls the subscription (through `reload`) while a change waits for the publisher, and notices when it shows. */
export function usePendingChange(subscriptionId: string, detail: SubscriptionDetail | undefined, reload: () => void): PendingChangeState {
  const [pending, setPending] = useState<PendingChange | undefined>(() => initial(subscriptionId));
  const [finished, setFinished] = useState<PendingChangeState['finished']>(undefined);
  const [gaveUp, setGaveUp] = useState(false);

  useEffect(() => {
    if (!pending || !detail) return;
    const state = changeState(detail, pending);
    if (state === 'waiting') return;
    clearPending(subscriptionId);
    setPending(undefined);
    setFinished({ change: pending, state });
  }, [detail, pending, subscriptionId]);

  useEffect(() => {
    if (!pending || gaveUp) return;
    const timer = window.setInterval(() => {
      if (Date.now() - pending.startedAt > POLL_GIVE_UP_MS) setGaveUp(true);
      else reload();
    }, POLL_INTERVAL_MS);
    return () => window.clearInterval(timer);
  }, [pending, gaveUp, reload]);

  const start = useCallback((change: PendingChange) => {
    savePending(change);
    setPending(change);
    setFinished(undefined);
    setGaveUp(false);
  }, []);

  const checkAgain = useCallback(() => {
    setPending((p) => {
      if (!p) return p;
      const restarted = { ...p, startedAt: Date.now() };
      savePending(restarted);
      return restarted;
    });
    setGaveUp(false);
    reload();
  }, [reload]);

  const stopWaiting = useCallback(() => {
    clearPending(subscriptionId);
    setPending(undefined);
    setGaveUp(false);
  }, [subscriptionId]);

  return { pending, finished, gaveUp, start, checkAgain, stopWaiting };
}
