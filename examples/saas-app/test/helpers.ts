import { buildSaasApp, type SaasApp } from '../src/server.js';
import type { SaasAppConfig } from '../src/config.js';
import type { StandIn } from './standin-marketplace.js';

export function testConfig(standIn: StandIn, overrides: Partial<SaasAppConfig> = {}): SaasAppConfig {
  return {
    agoraUrl: standIn.url,
    issuerUrl: standIn.url,
    host: '127.0.0.1',
    port: 0,
    publicUrl: 'http://localhost:7071',
    credentials: standIn.credentials,
    credentialsFile: '/nonexistent/demo-credentials.json',
    dataFile: null,
    rejectChanges: false,
    pollIntervalMs: 10,
    operationWaitMs: 2000,
    usageCheckIntervalMs: 0,
    ...overrides,
  };
}

export function makeApp(standIn: StandIn, overrides: Partial<SaasAppConfig> = {}): Promise<SaasApp> {
  return buildSaasApp(testConfig(standIn, overrides), { webhookRetryDelaysMs: [10], clockMaxAgeMs: 0 });
}

/** A browser over app.inject: keeps the session cookie and the last page's CSRF token. */
export class Browser {
  private cookie = '';
  csrf = '';

  constructor(private readonly app: SaasApp) {}

  private remember(res: { headers: Record<string, unknown>; body: string }) {
    const setCookie = res.headers['set-cookie'];
    const first = Array.isArray(setCookie) ? setCookie[0] : setCookie;
    if (typeof first === 'string') this.cookie = first.split(';')[0] ?? '';
    const m = /name="csrf" value="([^"]+)"/.exec(res.body);
    if (m?.[1]) this.csrf = m[1];
  }

  async get(url: string) {
    const res = await this.app.inject({ method: 'GET', url, headers: this.cookie ? { cookie: this.cookie } : {} });
    this.remember(res);
    return res;
  }

  async post(url: string, form: Record<string, string> = {}, options: { csrf?: string } = {}) {
    const body = new URLSearchParams({ csrf: options.csrf ?? this.csrf, ...form }).toString();
    const res = await this.app.inject({
      method: 'POST',
      url,
      payload: body,
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...(this.cookie ? { cookie: this.cookie } : {}) },
    });
    this.remember(res);
    return res;
  }

  /** POSTs a form and follows the 303 redirect. */
  async submit(url: string, form: Record<string, string> = {}) {
    const res = await this.post(url, form);
    if (res.statusCode !== 303) return res;
    return this.get(String(res.headers.location));
  }
}

/** `"` as pages render it (escaped). */
export const asHtml = (text: string) => text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/'/g, '&#39;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
