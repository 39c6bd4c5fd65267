import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agora, apiSession, expectPath, launchBrowser, openTab, screenshot, signOut, textOf } from '../helpers/browser.js';

let browser: Browser;
/** Accept links the owner's journey produced, for the invited person's journey. */
const acceptLinks: string[] = [];

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

describe('publisher portal', () => {
  it('(a) the owner signs in, sees the account, registers an app (secret shown once), invites two people and signs out', async () => {
    const { baseUrl, credentials } = agora();
    const tab = await openTab(browser);
    const { page } = tab;
    try {
      // Partner Center needs a signed-in user: it sends us to the sign-in page and back.
      await page.goto('/partner');
      await expectPath(page, '/signin?next=%2Fpartner');
      await page.getByLabel('Email').fill(credentials.users.publisherOwner.email);
      await page.getByLabel('Password').fill(credentials.users.publisherOwner.password);
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
      await expectPath(page, '/partner');

      // Overview of the Contoso account.
      await expect.poll(() => textOf(page, 'account-name')).toBe('Contoso Ltd.');
      expect(await textOf(page, 'account-id')).toBe(credentials.publisher.accountId);
      expect(await textOf(page, 'publisher-id')).toBe('contoso');
      expect(await textOf(page, 'seller-id')).toBe(credentials.publisher.sellerId);
      expect(await textOf(page, 'tenant-id')).toBe(credentials.publisher.tenantId);
      expect(await textOf(page, 'your-roles')).toContain('Owner');
      expect(await textOf(page, 'user-name')).toBe('Avery Owner');
      await screenshot(page, 'partner-overview');

      // Users: the seeded people and app.
      await page.getByRole('navigation', { name: 'Partner Center' }).getByRole('link', { name: 'Users' }).click();
      await expectPath(page, '/partner/users');
      const users = page.getByTestId('users-table');
      await expect.poll(() => users.textContent()).toContain('owner@contoso.example');
      expect(await users.textContent()).toContain('developer@contoso.example');
      await page.getByRole('tab', { name: /Azure AD applications/ }).click();
      await expect.poll(() => page.getByTestId('apps-table').textContent()).toContain('Contoso SaaS fulfillment');
      await screenshot(page, 'partner-users');

      // A new application: its secret is shown this once.
      await page.getByRole('link', { name: 'New Azure AD application' }).click();
      await expectPath(page, '/partner/users/apps/new');
      await page.getByLabel('Display name').fill('E2E fulfillment');
      await page.getByRole('button', { name: 'Register application' }).click();
      await page.getByTestId('secret-value').waitFor();
      const secret = await textOf(page, 'secret-value');
      const clientId = await textOf(page, 'client-id');
      expect(secret.length).toBeGreaterThanOrEqual(32);
      expect(await textOf(page, 'app-tenant-id')).toBe(credentials.publisher.tenantId);
      expect(await page.getByRole('alert').filter({ hasText: 'Copy the secret now' }).isVisible()).toBe(true);
      await screenshot(page, 'partner-app-registered');

      // The secret on the page is the real one: the token endpoint takes it.
      const token = await fetch(`${baseUrl}/${credentials.publisher.tenantId}/oauth2/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId, client_secret: secret, resource: credentials.app.resource }),
      });
      expect(token.status).toBe(200);
      expect(((await token.json()) as { access_token?: string }).access_token).toBeTruthy();

      // The app's page, and after a reload: only the hint, never the value.
      await page.getByRole('link', { name: 'Open application' }).click();
      await expectPath(page, `/partner/users/apps/${clientId}`);
      await page.getByTestId('secret-hint').waitFor();
      await page.reload();
      await page.getByTestId('secret-hint').waitFor();
      expect(await textOf(page, 'secret-hint')).toContain(secret.slice(0, 3));
      expect(await page.content()).not.toContain(secret);
      expect(await textOf(page, 'client-id')).toBe(clientId);
      await screenshot(page, 'partner-app-detail');

      // Add a key (shown once), then remove it.
      await page.getByLabel('Description').fill('rotation');
      await page.getByRole('button', { name: 'Add key' }).click();
      await page.getByTestId('secret-value').waitFor();
      const second = await textOf(page, 'secret-value');
      expect(second).not.toBe(secret);
      await expect.poll(() => page.getByTestId('secret-hint').count()).toBe(2);
      const rotationRow = page.getByTestId('secrets-table').getByRole('row').filter({ hasText: 'rotation' });
      await rotationRow.getByRole('button', { name: 'Remove' }).click();
      await rotationRow.getByRole('button', { name: 'Remove key' }).click();
      await expect.poll(() => page.getByTestId('secret-hint').count()).toBe(1);
      await page.reload();
      await page.getByTestId('secret-hint').waitFor();
      expect(await page.content()).not.toContain(second);

      // Invite two people: two accept links.
      await page.goto('/partner/users');
      await page.getByRole('link', { name: 'Invite users' }).click();
      await expectPath(page, '/partner/users/invite');
      await page.getByLabel('Email addresses').fill('alex@northwind.example; sam@northwind.example');
      await page.getByRole('button', { name: 'Invite', exact: true }).click();
      await page.getByTestId('sent-invitations').waitFor();
      const links = page.getByTestId('accept-link');
      await expect.poll(() => links.count()).toBe(2);
      for (const text of await links.allTextContents()) {
        expect(text.trim()).toMatch(new RegExp(`^${baseUrl.replace(/[.]/g, '\\.')}/invitations/[^/]+$`));
        acceptLinks.push(text.trim());
      }
      await screenshot(page, 'partner-invitations');

      // The invitations are listed as pending (people join the account when they accept).
      await page.goto('/partner/users');
      await page.getByRole('tab', { name: 'Invitations' }).click();
      const invitations = page.getByTestId('invitations-table');
      await expect.poll(() => invitations.textContent()).toContain('alex@northwind.example');
      expect(await invitations.textContent()).toContain('sam@northwind.example');
      expect(await invitations.getByRole('row').filter({ hasText: 'alex@northwind.example' }).textContent()).toContain('pending');

      await signOut(page);
      await page.goto('/partner');
      await expectPath(page, '/signin?next=%2Fpartner');
      expect(tab.problems).toEqual([]);
    } finally {
      await tab.close();
    }
  });

  it('(b) an invited person accepts in a fresh browser, sets a name and password, signs in and sees the account', async () => {
    const { credentials } = agora();
    let link = acceptLinks[1];
    if (!link) {
      // Journey (a) did not get as far: invite over the API so this journey still runs on its own.
      const owner = await apiSession(credentials.users.publisherOwner);
      const res = await fetch(`${agora().baseUrl}/api/accounts/${credentials.publisher.accountId}/invitations`, {
        method: 'POST',
        headers: owner,
        body: JSON.stringify({ emails: ['sam@northwind.example'], roles: ['Developer'] }),
      });
      expect(res.status).toBe(201);
      link = ((await res.json()) as { invitations: { acceptUrl: string }[] }).invitations[0]!.acceptUrl;
    }

    const tab = await openTab(browser);
    const { page } = tab;
    try {
      await page.goto(link);
      await expect.poll(() => textOf(page, 'invitation-account')).toContain('Contoso Ltd.');
      expect(await page.textContent('main')).toContain('Developer');
      await screenshot(page, 'invitation-accept');
      await page.getByLabel('Your name').fill('Sam Northwind');
      await page.getByLabel('Password').fill('Correct-Horse-42');
      await page.getByRole('button', { name: 'Accept and join' }).click();
      await page.getByText('You have joined').waitFor();

      await page.getByRole('link', { name: 'Sign in', exact: true }).last().click();
      await page.waitForURL((url) => url.pathname === '/signin');
      expect(await page.getByLabel('Email').inputValue()).toBe('sam@northwind.example');
      await page.getByLabel('Password').fill('Correct-Horse-42');
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
      await expectPath(page, '/partner');
      await expect.poll(() => textOf(page, 'account-name')).toBe('Contoso Ltd.');
      expect(await textOf(page, 'your-roles')).toContain('Developer');
      expect(await textOf(page, 'user-name')).toBe('Sam Northwind');

      // A developer sees the members but not the actions reserved to Owners and Managers.
      await page.getByRole('navigation', { name: 'Partner Center' }).getByRole('link', { name: 'Users' }).click();
      await expect.poll(() => page.getByTestId('users-table').textContent()).toContain('Sam Northwind');
      expect(await page.getByRole('link', { name: 'Invite users' }).count()).toBe(0);
      expect(await page.getByRole('button', { name: 'Edit roles' }).count()).toBe(0);

      // The link works once.
      await page.goto(link);
      await page.getByText('already been accepted').waitFor();
      expect(tab.problems).toEqual([]);
    } finally {
      await tab.close();
    }
  });

  it('signing in with a wrong password shows the server message', async () => {
    const { credentials } = agora();
    const tab = await openTab(browser);
    const { page } = tab;
    try {
      await page.goto('/signin?next=%2Fpartner');
      await page.getByLabel('Email').fill(credentials.users.publisherOwner.email);
      await page.getByLabel('Password').fill('not-the-password-1');
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
      const alert = page.getByRole('alert');
      await alert.waitFor();
      expect(await alert.textContent()).toContain('InvalidCredentials');
      expect(new URL(page.url()).pathname).toBe('/signin');
    } finally {
      await tab.close();
    }
  });

  it('a signed-in user of a new organization with no account is offered to create one', async () => {
    const tab = await openTab(browser);
    const { page } = tab;
    try {
      await page.goto('/signup?next=%2Fpartner');
      await page.getByLabel('Organization name').fill('Tailspin');
      await page.getByLabel('Your name').fill('Taylor Tailspin');
      await page.getByLabel('Work email').fill('taylor@tailspin.example');
      await page.getByLabel('Password').fill('Correct-Horse-42');
      await page.getByRole('button', { name: 'Create organization' }).click();
      await expectPath(page, '/partner');
      await page.getByRole('heading', { name: 'Create publisher account' }).waitFor();
      await page.getByLabel('Publisher ID').fill('tailspin');
      await page.getByLabel('Publisher display name').fill('Tailspin Toys');
      await page.getByRole('button', { name: 'Create account' }).click();
      await expect.poll(() => textOf(page, 'account-name')).toBe('Tailspin Toys');
      expect(await textOf(page, 'your-roles')).toContain('Owner');
      expect(tab.problems).toEqual([]);
    } finally {
      await tab.close();
    }
  });
});
