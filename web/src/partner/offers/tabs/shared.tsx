import { useState } from 'react';
import { api } from '../../../ui/index.js';
import { useOffer } from '../common.js';
import type { OfferDetail, TabView } from '../types.js';

export interface TabPageProps {
  view: TabView;
}

/**
 * The form state of a tab, initialized from the tab's value and re-initialized when the server answers a save with
 * its stored (normalized) value.
 */
export function useTabValue<F, V>(view: TabView, init: (value: V) => F): [F, (next: F) => void] {
  const [value, setValue] = useState<F>(() => init(view.value as V));
  const [seen, setSeen] = useState<unknown>(view.value);
  if (seen !== view.value) {
    setSeen(view.value);
    setValue(init(view.value as V));
  }
  return [value, setValue];
}

/** Saves a tab with the whole value (Save draft) and If-Match; the answer updates the offer. */
export function useSaveTab(tabId: string): (value: unknown) => Promise<void> {
  const offer = useOffer();
  return async (value) => {
    const r = await api.request<OfferDetail>('PUT', `${offer.base}/tabs/${encodeURIComponent(tabId)}`, { body: value, headers: offer.ifMatch() });
    offer.applyDetail(r.data);
  };
}

/** "a, b; c" or lines to a list. */
export const splitList = (s: string): string[] =>
  s
    .split(/[,;\n]+/)
    .map((x) => x.trim())
    .filter(Boolean);
