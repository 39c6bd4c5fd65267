import { agora } from './browser.js';

/**
 * What journeys do through the APIs around the browser: the demo app's marketplace token, the sandbox clock.
 */

/** A token for the marketplace APIs as the demo publisher's app (client credentials, v1 endpoint). */
export async function marketplaceToken(): Promise<string> {
  const { app } = agora().credentials;
  const res = await fetch(app.tokenEndpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'client_credentials', client_id: app.clientId, client_secret: app.clientSecret, resource: app.resource }),
  });
  if (res.status !== 200) throw new Error(`The token endpoint answered ${res.status}: ${await res.text()}`);
  return ((await res.json()) as { access_token: string }).access_token;
}

/** The marketplace's (virtual) time. */
export async function clockNow(): Promise<Date> {
  const res = await fetch(`${agora().baseUrl}/api/sandbox/clock`);
  return new Date(((await res.json()) as { now: string }).now);
}

/** Moves the virtual clock forward to an instant (as the operator: session headers) and returns the new time. */
export async function advanceClock(operator: Record<string, string>, to: Date): Promise<Date> {
  const res = await fetch(`${agora().baseUrl}/api/admin/clock/advance`, { method: 'POST', headers: operator, body: JSON.stringify({ to: to.toISOString() }) });
  if (res.status !== 200) throw new Error(`Advancing the clock answered ${res.status}: ${await res.text()}`);
  return new Date(((await res.json()) as { now: string }).now);
}

/** The first day of the month after `d` (UTC), at `hour` o'clock. */
export const startOfNextMonth = (d: Date, hour = 0): Date => new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1, hour));
