import { useCallback, useState } from 'react';
import { MARKETS } from '../partner/offers/taxonomy.js';

/** The visitor's market (where they buy, and so the currency of prices): chosen on a listing page, remembered here. */

const KEY = 'agora.market';
const KNOWN = new Set(MARKETS.map((m) => m.code));

function stored(): string {
  try {
    const value = window.localStorage.getItem(KEY);
    return value && KNOWN.has(value) ? value : 'US';
  } catch {
    return 'US';
  }
}

export function useMarket(): [string, (market: string) => void] {
  const [market, setMarket] = useState(stored);
  const choose = useCallback((next: string) => {
    setMarket(next);
    try {
      window.localStorage.setItem(KEY, next);
    } catch {
      // Private windows may refuse storage: the choice lasts for this page only.
    }
  }, []);
  return [market, choose];
}

export const marketName = (code: string): string => MARKETS.find((m) => m.code === code)?.name ?? code;
