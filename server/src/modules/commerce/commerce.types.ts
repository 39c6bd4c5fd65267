import type { Clock } from '../../platform/clock.js';
import type { Db } from '../../platform/db/index.js';
import type { Logger } from '../../platform/logger.js';
import type { OutboxRunner } from '../../platform/outbox/index.js';
import type { AccountsService } from '../accounts/index.js';
import type { CatalogService } from '../catalog/index.js';
import type { IdentityService } from '../identity/index.js';
import type { PurchaseTokens } from './purchase-token.js';

export interface CommerceDeps {
  db: Db;
  /** Business time (the virtual clock in sandbox mode): terms, renewals, grace periods. */
  clock: Clock;
  /** Real time: purchase-token lifetimes. */
  securityClock: Clock;
  log: Logger;
  publicUrl: string;
  sandbox: boolean;
  catalog: CatalogService;
  accounts: AccountsService;
  identity: IdentityService;
  runner?: OutboxRunner | undefined;
  /** Overrides how webhooks are POSTed (tests); defaults to fetch. */
  fetch?: typeof fetch;
}

/** What the services share. */
export interface CommerceEnv extends CommerceDeps {
  tokens: PurchaseTokens;
}

/** A subscription in the SaaS Fulfillment API v2's shape (08 §1.8; openapi Subscription). */
export interface SubscriptionJson {
  id: string;
  publisherId: string;
  offerId: string;
  name: string;
  saasSubscriptionStatus: string;
  beneficiary: { emailId: string; objectId: string; tenantId: string; puid: string };
  purchaser: { emailId: string; objectId: string; tenantId: string; puid: string };
  planId: string;
  quantity?: number;
  term: { termUnit: string; startDate?: string; endDate?: string };
  autoRenew: boolean;
  isTest: boolean;
  isFreeTrial: boolean;
  allowedCustomerOperations: string[];
  sandboxType: string;
  sessionMode: string;
  created: string;
  lastModified: string;
}

/** An operation in the API's shape (08 §1.10; openapi SaaSOperation). */
export interface OperationJson {
  id: string;
  activityId: string;
  subscriptionId: string;
  offerId: string;
  publisherId: string;
  planId: string;
  quantity?: number;
  action: string;
  timeStamp: string;
  status: string;
  errorStatusCode: string;
  errorMessage: string;
}
