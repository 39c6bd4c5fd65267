import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { expect, inject } from 'vitest';

/** Where the journeys leave their screenshots (outside the repository). */
export const SCREENSHOT_DIR = process.env.AGORA_E2E_SCREENSHOTS ?? '/tmp/agora-e2e';

/** The server started by the global setup. */
export const agora = () => inject('agora');

/** Debian's chromium (see .ci/install-chromium.sh); never a downloaded browser. */
export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

export interface Tab {
  context: BrowserContext;
  page: Page;
  /** Uncaught page errors and failed same-origin API calls seen so far (each journey expects none unless it says so). */
  problems: string[];
  close(): Promise<void>;
}

/** A fresh browser context (its own cookies and storage) with one page on the Agora server. */
export async function openTab(browser: Browser): Promise<Tab> {
  const { baseUrl } = agora();
  const context = await browser.newContext({ baseURL: baseUrl, viewport: { width: 1360, height: 900 } });
  context.setDefaultTimeout(15_000);
  context.setDefaultNavigationTimeout(30_000);
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('response', (response) => {
    if (response.url().startsWith(`${baseUrl}/api/`) && response.status() >= 500) problems.push(`${response.status()} from ${response.url()}`);
  });
  return { context, page, problems, close: () => context.close() };
}

/** Saves a full-page screenshot as `<dir>/<name>.png` (by default under SCREENSHOT_DIR). */
export async function screenshot(page: Page, name: string, dir: string = SCREENSHOT_DIR): Promise<string> {
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** Waits until the page's path (and query, if given) is `expected`. */
export async function expectPath(page: Page, expected: string): Promise<void> {
  await page.waitForURL((url) => url.pathname + (expected.includes('?') ? url.search : '') === expected);
}

/** Signs in through the sign-in form, starting from `/signin?next=...`, and waits to land on `next`. */
export async function signIn(page: Page, login: { email: string; password: string }, next: string): Promise<void> {
  await page.goto(`/signin?next=${encodeURIComponent(next)}`);
  await page.getByLabel('Email').fill(login.email);
  await page.getByLabel('Password').fill(login.password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expectPath(page, next);
}

export async function signOut(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expectPath(page, '/');
  await expect.poll(() => page.getByRole('link', { name: 'Sign in', exact: true }).isVisible()).toBe(true);
}

/** The trimmed text of the element with this data-testid. */
export async function textOf(page: Page, testId: string): Promise<string> {
  return ((await page.getByTestId(testId).first().textContent()) ?? '').trim();
}

/** Signs in over the API (no browser) and returns headers for further calls as that user. */
export async function apiSession(login: { email: string; password: string }): Promise<Record<string, string>> {
  const { baseUrl } = agora();
  const res = await fetch(`${baseUrl}/api/auth/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(login) });
  if (res.status !== 200) throw new Error(`sign-in as ${login.email} failed: ${res.status} ${await res.text()}`);
  const cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  return { cookie, 'x-csrf-token': csrfToken, 'content-type': 'application/json' };
}
