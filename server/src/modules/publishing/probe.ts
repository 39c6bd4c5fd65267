/**
 * HTTP checks of the publisher's endpoints during automated validation. Never called inside a transaction.
 */
export interface ProbeResult {
  answered: boolean;
  status: number | null;
  error: string | null;
  ms: number;
}

/**
 * Whether a status means "the endpoint is there": any 2xx, 3xx or 4xx except 404. A webhook that refuses our
 * unauthenticated validation call with 401/403 still answers; 404 (nothing at that path) and 5xx do not.
 */
export const answers = (status: number): boolean => status >= 200 && status < 500 && status !== 404;

export async function probe(
  fetchImpl: typeof fetch,
  url: string,
  init: { method: 'GET' | 'POST'; json?: unknown },
  timeoutMs: number,
): Promise<ProbeResult> {
  const started = Date.now();
  try {
    const res = await fetchImpl(url, {
      method: init.method,
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
      headers: { 'user-agent': 'Agora-Validation/1.0', ...(init.json !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(init.json !== undefined ? { body: JSON.stringify(init.json) } : {}),
    });
    await res.body?.cancel().catch(() => undefined);
    return { answered: answers(res.status), status: res.status, error: null, ms: Date.now() - started };
  } catch (error) {
    return { answered: false, status: null, error: describe(error, timeoutMs), ms: Date.now() - started };
  }
}

function describe(error: unknown, timeoutMs: number): string {
  const e = error as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e.name === 'TimeoutError' || e.name === 'AbortError') return `no answer within ${Math.round(timeoutMs / 1000)} s`;
  if (e.cause?.code) return e.cause.code;
  return e.cause?.message ?? e.message ?? String(error);
}

/** Why a probe does not count as an answer, for the report. */
export const probeProblem = (r: ProbeResult): string => (r.status !== null ? `it answered HTTP ${r.status}` : `it could not be reached (${r.error})`);
