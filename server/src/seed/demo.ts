import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { sql } from 'kysely';
import type { Services } from '../app.js';
import type { Config } from '../platform/config.js';
import type { Db } from '../platform/db/index.js';
import { unwrap } from '../platform/errors.js';
import { newSecretToken } from '../platform/ids.js';
import { PERSONAL_TENANT_ID, MARKETPLACE_API_RESOURCE } from '../modules/identity/index.js';
import { seedDemoCatalog, type DemoCatalog } from './demo-catalog.js';
import { seedDemoBilling } from './demo-billing.js';

export interface DemoLogin {
  email: string;
  password: string;
}

/** What `seed-demo` writes to `<AGORA_DATA_DIR>/demo-credentials.json`. Later issues add their demo objects here. */
export interface DemoCredentials {
  createdAt: string;
  publisher: { accountId: string; publisherId: string; sellerId: string; displayName: string; tenantId: string };
  app: { tenantId: string; clientId: string; clientSecret: string; clientSecretExpiresAt: string; resource: string; tokenEndpoint: string; tokenEndpointV2: string };
  users: { operator: DemoLogin; publisherOwner: DemoLogin; publisherDeveloper: DemoLogin; customer: DemoLogin & { tenantId: string }; personalCustomer: DemoLogin & { tenantId: string } };
  /** The demo offers and their plans (issue 3). */
  catalog?: DemoCatalog;
}

export const credentialsPath = (config: Config) => path.join(config.dataDir, 'demo-credentials.json');
const SEEDED_KEY = 'demo.seeded';

/** Demo passwords are random per installation: they meet our password rule and are only in the credentials file. */
const demoPassword = () => `Demo-${newSecretToken(12)}`;

export async function isSeeded(db: Db): Promise<boolean> {
  const { rows } = await sql`select 1 from platform_setting where key = ${SEEDED_KEY}`.execute(db);
  return rows.length > 0;
}

/**
 * Seeds the demo marketplace in one transaction: the operator, the Contoso publisher account with an owner, a developer
 * and an app registration with a client secret, and two customers. Runs once per database; later runs return the
 * credentials file as it is.
 */
export async function seedDemo(db: Db, services: Services, config: Config): Promise<{ created: boolean; credentials: DemoCredentials | undefined }> {
  const base = await seedDemoDirectory(db, services, config);
  const credentials = base.credentials;
  // Later issues' demo objects are seeded on top, each once, and added to the same credentials file.
  if (credentials) {
    if (base.created) await seedDemoBilling(db, services, credentials.publisher.accountId);
    const catalog = await seedDemoCatalog(db, services, credentials, config.demoSaasAppUrl);
    if (catalog) {
      credentials.catalog = catalog;
      await writeCredentials(config, credentials);
    }
  }
  return { created: base.created, credentials };
}

async function seedDemoDirectory(db: Db, services: Services, config: Config): Promise<{ created: boolean; credentials: DemoCredentials | undefined }> {
  if (await isSeeded(db)) return { created: false, credentials: await readCredentials(config) };
  const { identity, accounts } = services;
  const logins = { operator: demoPassword(), owner: demoPassword(), developer: demoPassword(), customer: demoPassword(), personal: demoPassword() };

  const credentials = await db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(${sql.lit('4242')}::bigint)`.execute(trx);
    const marketplace = unwrap(await identity.signUpOrganization(trx, {
      organizationName: 'Agora Marketplace',
      domainPrefix: 'agoramarketplace',
      email: 'operator@agora.example',
      displayName: 'Agora Operator',
      password: logins.operator,
    }));
    await identity.grantOperator(trx, marketplace.user.objectId);

    const contoso = unwrap(await identity.signUpOrganization(trx, {
      organizationName: 'Contoso',
      domainPrefix: 'contoso',
      email: 'owner@contoso.example',
      displayName: 'Avery Owner',
      password: logins.owner,
    }));
    const ownerPrincipal = {
      kind: 'user' as const,
      userId: contoso.user.objectId,
      tenantId: contoso.tenant.tenantId,
      email: contoso.user.email,
      displayName: contoso.user.displayName,
      isOperator: false,
      via: 'session' as const,
      sessionId: '',
      csrfToken: '',
    };
    const account = unwrap(await accounts.createAccount(trx, ownerPrincipal, { publisherId: 'contoso', displayName: 'Contoso Ltd.' }));
    const developer = unwrap(await identity.createUser(trx, {
      tenantId: contoso.tenant.tenantId,
      email: 'developer@contoso.example',
      displayName: 'Devon Developer',
      password: logins.developer,
    }));
    unwrap(await accounts.addUsers(trx, account.accountId, contoso.user.objectId, { userIds: [developer.objectId], roles: ['Developer'] }));
    const registered = unwrap(await accounts.registerApp(trx, account.accountId, contoso.user.objectId, {
      displayName: 'Contoso SaaS fulfillment',
      roles: ['Manager'],
      secretDisplayName: 'demo',
      secretExpiresInDays: 730,
    }));

    const fabrikam = unwrap(await identity.signUpOrganization(trx, {
      organizationName: 'Fabrikam',
      domainPrefix: 'fabrikam',
      email: 'buyer@fabrikam.example',
      displayName: 'Blake Buyer',
      password: logins.customer,
    }));
    unwrap(await identity.createUser(trx, { tenantId: PERSONAL_TENANT_ID, email: 'pat@personal.example', displayName: 'Pat Personal', password: logins.personal }));

    await sql`insert into platform_setting (key, value) values (${SEEDED_KEY}, ${JSON.stringify({ at: new Date().toISOString() })})`.execute(trx);

    const base = config.publicUrl;
    const creds: DemoCredentials = {
      createdAt: new Date().toISOString(),
      publisher: { accountId: account.accountId, publisherId: account.publisherId, sellerId: account.sellerId, displayName: account.displayName, tenantId: contoso.tenant.tenantId },
      app: {
        tenantId: contoso.tenant.tenantId,
        clientId: registered.app.appId,
        clientSecret: registered.secret.secret,
        clientSecretExpiresAt: registered.secret.expiresAt,
        resource: MARKETPLACE_API_RESOURCE,
        tokenEndpoint: `${base}/${contoso.tenant.tenantId}/oauth2/token`,
        tokenEndpointV2: `${base}/${contoso.tenant.tenantId}/oauth2/v2.0/token`,
      },
      users: {
        operator: { email: 'operator@agora.example', password: logins.operator },
        publisherOwner: { email: 'owner@contoso.example', password: logins.owner },
        publisherDeveloper: { email: 'developer@contoso.example', password: logins.developer },
        customer: { email: 'buyer@fabrikam.example', password: logins.customer, tenantId: fabrikam.tenant.tenantId },
        personalCustomer: { email: 'pat@personal.example', password: logins.personal, tenantId: PERSONAL_TENANT_ID },
      },
    };
    // Written inside the transaction: if writing fails, nothing is seeded and the next run tries again. The file can
    // appear a moment before the data is committed; `agora serve` seeds before it listens, so /readyz waits for both.
    await writeCredentials(config, creds);
    return creds;
  });
  return { created: true, credentials };
}

async function writeCredentials(config: Config, creds: DemoCredentials): Promise<void> {
  await mkdir(config.dataDir, { recursive: true });
  await writeFile(credentialsPath(config), JSON.stringify(creds, null, 2) + '\n', { mode: 0o600 });
}

export async function readCredentials(config: Config): Promise<DemoCredentials | undefined> {
  try {
    return JSON.parse(await readFile(credentialsPath(config), 'utf8')) as DemoCredentials;
  } catch {
    return undefined;
  }
}
