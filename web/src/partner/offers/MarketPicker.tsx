import { useId, useMemo, useState } from 'react';
import { MARKETS } from './taxonomy.js';

const NAME = new Map(MARKETS.map((m) => [m.code, m.name]));
export const marketName = (code: string) => NAME.get(code) ?? code;

/** The markets of a plan: a summary, and an editor with search, select all (of the shown markets) and one checkbox per market. */
export function MarketPicker({ value, onChange }: { value: string[]; onChange: (markets: string[]) => void }) {
  const [open, setOpen] = useState(false);
  const [query, setQuery] = useState('');
  const id = useId();
  const selected = useMemo(() => new Set(value), [value]);
  const q = query.trim().toLowerCase();
  const shown = q ? MARKETS.filter((m) => m.name.toLowerCase().includes(q) || m.code.toLowerCase() === q || m.currency.toLowerCase() === q) : MARKETS;
  // Keep the reference order, whatever the order of clicks.
  const ordered = (codes: Set<string>) => MARKETS.filter((m) => codes.has(m.code)).map((m) => m.code);
  const setAll = (on: boolean) => {
    const next = new Set(selected);
    for (const m of shown) {
      if (on) next.add(m.code);
      else next.delete(m.code);
    }
    onChange(ordered(next));
  };

  const summary =
    value.length === 0
      ? 'No markets selected.'
      : value.length === MARKETS.length
        ? `All ${MARKETS.length} markets.`
        : `${value.length} market${value.length === 1 ? '' : 's'}: ${value.slice(0, 8).map(marketName).join(', ')}${value.length > 8 ? ` and ${value.length - 8} more` : ''}.`;

  return (
    <div className="market-picker" data-testid="market-picker">
      <div className="market-summary">
        <span data-testid="market-summary">{summary}</span>
        <button type="button" className="btn btn-secondary btn-small" aria-expanded={open} aria-controls={id} onClick={() => setOpen(!open)}>
          {open ? 'Done' : 'Edit markets'}
        </button>
      </div>
      {open && (
        <div id={id} className="market-editor">
          <div className="market-tools">
            <input type="search" aria-label="Search markets" placeholder="Search markets, codes or currencies" value={query} onChange={(e) => setQuery(e.target.value)} />
            <button type="button" className="btn btn-link" onClick={() => setAll(true)}>
              Select all{q ? ' shown' : ''}
            </button>
            <button type="button" className="btn btn-link" onClick={() => setAll(false)}>
              Unselect all{q ? ' shown' : ''}
            </button>
            <span className="muted" role="status">
              {value.length} of {MARKETS.length} selected
            </span>
          </div>
          <div className="market-list" role="group" aria-label="Markets">
            {shown.map((m) => (
              <label key={m.code} className="checkbox-inline">
                <input
                  type="checkbox"
                  checked={selected.has(m.code)}
                  onChange={(e) => {
                    const next = new Set(selected);
                    if (e.target.checked) next.add(m.code);
                    else next.delete(m.code);
                    onChange(ordered(next));
                  }}
                />
                {m.name} <span className="muted">({m.currency})</span>
              </label>
            ))}
            {shown.length === 0 && <span className="muted">No market matches “{query}”.</span>}
          </div>
        </div>
      )}
    </div>
  );
}
