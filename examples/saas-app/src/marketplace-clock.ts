/**
 * The marketplace's clock, as the app uses it to stamp usage. The Metering API judges `effectiveStartTime` against its
 * own clock (the last 24 hours), and Agora's sandbox clock can run ahead of this machine's (an operator moves it to
 * test renewals), so the app reads `GET ${AGORA_URL}/api/sandbox/clock` and keeps the offset. Microsoft's marketplace
 * has no such endpoint (404): there, and whenever the clock has never been read, local time is used.
 */

export interface ClockReading {
  /** Marketplace time minus local time. */
  offsetMs: number;
  /** Where the offset comes from: Agora's sandbox clock, or none (local time). */
  source: 'marketplace' | 'local';
  /** Whether the marketplace says its clock is virtual (sandbox mode). */
  virtual: boolean;
  /** Local time of the last reading (ms since the epoch), 0 before the first. */
  readAt: number;
  /** Why the last reading failed, if it did (the previous offset is kept). */
  error?: string;
}

export interface MarketplaceClockOptions {
  agoraUrl: string;
  fetch?: typeof fetch;
  /** Local time; injectable for tests. */
  now?: () => number;
  /** A reading is reused for this long. */
  maxAgeMs?: number;
  timeoutMs?: number;
}

export class MarketplaceClock {
  private readonly url: string;
  private readonly fetch: typeof fetch;
  private readonly local: () => number;
  private readonly maxAgeMs: number;
  private readonly timeoutMs: number;
  private current: ClockReading = { offsetMs: 0, source: 'local', virtual: false, readAt: 0 };
  private pending: Promise<ClockReading> | undefined;
  /** The marketplace has no sandbox clock (404): it is not asked again. */
  private unsupported = false;

  constructor(options: MarketplaceClockOptions) {
    this.url = `${options.agoraUrl.replace(/\/+$/, '')}/api/sandbox/clock`;
    this.fetch = options.fetch ?? globalThis.fetch;
    this.local = options.now ?? Date.now;
    this.maxAgeMs = options.maxAgeMs ?? 30_000;
    this.timeoutMs = options.timeoutMs ?? 5000;
  }

  /**
   * The marketplace's time now, reading its clock again when the last reading is older than `maxAgeMs` (0: always;
   * usage is stamped with a fresh reading, since an operator may move Agora's clock at any time).
   */
  async now(maxAgeMs = this.maxAgeMs): Promise<Date> {
    if (!this.unsupported && (this.current.readAt === 0 || this.local() - this.current.readAt >= maxAgeMs)) await this.refresh();
    return this.nowFromLastReading();
  }

  /** The marketplace's time by the last reading, without asking. */
  nowFromLastReading(): Date {
    return new Date(this.local() + this.current.offsetMs);
  }

  reading(): ClockReading {
    return { ...this.current };
  }

  /** Reads the marketplace's clock (concurrent callers share one request). */
  refresh(): Promise<ClockReading> {
    if (this.unsupported) return Promise.resolve(this.reading());
    this.pending ??= this.read().finally(() => {
      this.pending = undefined;
    });
    return this.pending;
  }

  private async read(): Promise<ClockReading> {
    const sent = this.local();
    try {
      const res = await this.fetch(this.url, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(this.timeoutMs) });
      const received = this.local();
      if (res.status === 404) {
        // Not Agora (Microsoft's marketplace): it runs on real time, and that will not change.
        this.unsupported = true;
        this.current = { offsetMs: 0, source: 'local', virtual: false, readAt: received };
        return this.reading();
      }
      const body = (await res.json().catch(() => undefined)) as { now?: unknown; virtual?: unknown } | undefined;
      const marketplaceNow = typeof body?.now === 'string' ? Date.parse(body.now) : NaN;
      if (!res.ok || !Number.isFinite(marketplaceNow)) throw new Error(`GET /api/sandbox/clock answered HTTP ${res.status}`);
      // The marketplace read its clock about halfway through the request.
      this.current = { offsetMs: Math.round(marketplaceNow - (sent + received) / 2), source: 'marketplace', virtual: body?.virtual === true, readAt: received };
    } catch (error) {
      // Keep the last offset; try again next time.
      this.current = { ...this.current, readAt: this.local(), error: `The marketplace clock could not be read (${(error as Error).message}); using ${this.current.source === 'marketplace' ? 'its last known offset' : 'local time'}` };
    }
    return this.reading();
  }
}
