import type { Db, Executor } from '../../platform/db/index.js';
import type { Result } from '../../platform/errors.js';
import type { AccountsService } from '../accounts/index.js';
import type { CatalogService } from '../catalog/index.js';

/** A listing file's bytes (the catalog's `mediaFile`: the offer's file with that id, whoever asks). */
export type MediaReader = (x: Executor, accountId: string, offerId: string, mediaId: string) => Promise<Result<{ bytes: Buffer; contentType: string; fileName: string | null }>>;

export interface StorefrontDeps {
  db: Db;
  /** The published versions of offers and the private audiences in force: the storefront never reads drafts. */
  catalog: Pick<CatalogService, 'publishedOffer' | 'publishedOffers' | 'privatePlansForTenant'>;
  /** The publisher's display name. */
  accounts: Pick<AccountsService, 'getAccount'>;
  mediaFile: MediaReader;
}
