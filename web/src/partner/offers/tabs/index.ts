import type { ComponentType } from 'react';
import { ListingTab } from './ListingTab.js';
import { PreviewAudienceTab } from './PreviewAudienceTab.js';
import { PropertiesTab } from './PropertiesTab.js';
import { SetupTab } from './SetupTab.js';
import type { TabPageProps } from './shared.js';
import { TechnicalConfigurationTab } from './TechnicalConfigurationTab.js';

/** The page of each SaaS tab id (GET /api/offer-types lists them). */
export const TAB_PAGES: Record<string, ComponentType<TabPageProps>> = {
  setup: SetupTab,
  properties: PropertiesTab,
  listing: ListingTab,
  previewAudience: PreviewAudienceTab,
  technicalConfiguration: TechnicalConfigurationTab,
};
