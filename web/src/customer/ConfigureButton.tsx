import { useState } from 'react';
import { ErrorMessage, api, path } from '../ui/index.js';
import { configureLabel } from './subscriptionStatus.js';
import type { ConfigureResult } from './types.js';

/**
 * "Configure account now" (pending fulfillment start) or "Manage account": asks for a fresh purchase token and opens
 * the publisher's landing page with it in a new tab. A browser that blocks the tab still gets the link to click.
 */
export function ConfigureButton({ subscriptionId, status, primary = true }: { subscriptionId: string; status: string; primary?: boolean }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const [landingUrl, setLandingUrl] = useState<string | undefined>(undefined);
  const label = configureLabel(status);

  const open = async () => {
    setBusy(true);
    setError(undefined);
    try {
      const result = await api.post<ConfigureResult>(path`/api/me/subscriptions/${subscriptionId}/configure`);
      setLandingUrl(result.landingUrl);
      window.open(result.landingUrl, '_blank', 'noopener,noreferrer');
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <span className="configure">
      <button type="button" className={`btn ${primary ? 'btn-primary' : 'btn-secondary'}`} disabled={busy} aria-busy={busy} onClick={() => void open()}>
        {label}
        <span className="sr-only"> (opens the publisher's site in a new tab)</span>
      </button>
      {landingUrl && (
        <span className="hint" role="status">
          The publisher's page opened in a new tab.{' '}
          <a href={landingUrl} target="_blank" rel="noopener noreferrer">
            Open it again
          </a>{' '}
          if your browser blocked it.
        </span>
      )}
      <ErrorMessage error={error} />
    </span>
  );
}
