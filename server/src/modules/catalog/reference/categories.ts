/**
 * The offer catalog's taxonomies: categories (per online store) with their subcategories, and industries with
 * their verticals (sub-industries). Ids are kebab-case slugs of the display names as first published here
 * (lower case, every run of characters other than a-z and 0-9 becomes one `-`): they are stored on offers, so
 * they never change even if a display name is corrected later.
 *
 * Categories: the current Partner Center taxonomy, reference/000_cbe71079b279f5bc.txt "Categories and
 * subcategories in the commercial marketplace", L27443-27505 (spec/08 §1.13.2). The reference prints each
 * category's subcategories as one space-joined cell; the split used here is spec/08's, checked against the
 * raw cells (joining the names below with spaces gives each cell exactly) and against the CPP key tables
 * (L23418-23645). Names are as printed there (e.g. "Document & File management"). Not used:
 *   - the older lists on "Marketplace categories and industries" (L6243-6276: e.g. Azure "Integration",
 *     AppSource "Visualization and Reporting", no "Commerce" or "Project Management");
 *   - the legacy Cloud Partner Portal keys (L23418-23645, spec/08 §1.13.1), which belong to the CPP API.
 * Selection limits (L27451-27454): one or two categories (primary, optional secondary), up to two
 * subcategories per category, zero allowed.
 *
 * Industries: the reference's Properties tab pages (SaaS L16239-16250; also L11593-11595, L11988-11990) point
 * to "the full list of industries and verticals in Offer listing best practices", which is the
 * "Marketplace categories and industries" page, INDUSTRIES/VERTICALS table L6286-6300 (that list moved there,
 * L957). Up to two industries and two verticals per industry (L6280, L16241). Verticals are space-joined there
 * too; they are split using the CPP industry table (L23647-23701) as a guide. Choices:
 *   - L6296 "Retail | Retail Customer Goods" is read as two verticals, "Retail" and "Consumer Goods": the CPP
 *     table names them "Retailers" and "Consumer Goods" under "Retail & Consumer Goods" (L23680-23682), so
 *     "Customer Goods" is taken as a typo.
 *   - Industries whose verticals are `n/a` (Automotive, Defense and Intelligence, Nonprofit and IGO, Energy)
 *     have none.
 *   - The CPP industry table (15 industries with different groupings, e.g. "Manufacturing & Resources",
 *     "Other Public Sector Industries") is the legacy API's and is not used here.
 */

export type Store = 'AzureMarketplace' | 'AppSource';

/** The two online stores, in display order. */
export const STORES: readonly Store[] = Object.freeze(['AzureMarketplace', 'AppSource']);

export interface Subcategory {
  id: string;
  name: string;
}

export interface Category {
  store: Store;
  id: string;
  name: string;
  /** May be empty (DevOps, Mixed Reality, Monitoring & Diagnostics: `N/A` in the reference). */
  subcategories: readonly Subcategory[];
}

export interface Vertical {
  id: string;
  name: string;
}

export interface Industry {
  id: string;
  name: string;
  /** May be empty (`n/a` in the reference). */
  verticals: readonly Vertical[];
}

/**
 * A category chosen for an offer: categories are per store, so the store is part of the reference. The id is
 * `id` or `categoryId` (the shape of an offer's Properties tab, which also carries `subcategoryIds`).
 */
export type CategoryRef = { store: Store; id: string } | { store: Store; categoryId: string; subcategoryIds?: readonly string[] };

function categoryIdOf(ref: CategoryRef): string {
  return 'id' in ref ? ref.id : ref.categoryId;
}

function s(id: string, name: string): Subcategory {
  return Object.freeze({ id, name });
}

function c(store: Store, id: string, name: string, subcategories: Subcategory[]): Category {
  return Object.freeze({ store, id, name, subcategories: Object.freeze(subcategories) });
}

function v(id: string, name: string): Vertical {
  return Object.freeze({ id, name });
}

function i(id: string, name: string, verticals: Vertical[]): Industry {
  return Object.freeze({ id, name, verticals: Object.freeze(verticals) });
}

/** Categories per store, in the reference's order (L27459-27483 Azure Marketplace, L27489-27505 AppSource). */
export const CATEGORIES: Readonly<Record<Store, readonly Category[]>> = Object.freeze({
  AzureMarketplace: Object.freeze([
    c('AzureMarketplace', 'ai-machine-learning', 'AI + Machine Learning', [ // L27461
      s('automated-ml', 'Automated ML'),
      s('bot-services', 'Bot Services'),
      s('business-robotic-process-automation', 'Business/Robotic Process Automation'),
      s('cognitive-services', 'Cognitive Services'),
      s('data-labeling', 'Data Labeling'),
      s('data-preparation', 'Data Preparation'),
      s('knowledge-mining', 'Knowledge Mining'),
      s('ml-operations', 'ML Operations'),
      s('ml-service', 'ML Service'),
    ]),
    c('AzureMarketplace', 'analytics', 'Analytics', [ // L27462
      s('big-data', 'Big Data'),
      s('data-analytics', 'Data Analytics'),
      s('data-insights', 'Data Insights'),
      s('predictive-analytics', 'Predictive Analytics'),
      s('real-time-streaming-analytics', 'Real-time/Streaming Analytics'),
    ]),
    c('AzureMarketplace', 'blockchain', 'Blockchain', [ // L27463
      s('app-accelerators', 'App Accelerators'),
      s('multi-node-ledger', 'Multi-node Ledger'),
      s('single-node-ledger', 'Single-node Ledger'),
      s('tools', 'Tools'),
    ]),
    c('AzureMarketplace', 'compute', 'Compute', [ // L27464
      s('application-infrastructure', 'Application Infrastructure'),
      s('cache', 'Cache'),
      s('operating-systems', 'Operating Systems'),
    ]),
    c('AzureMarketplace', 'containers', 'Containers', [ // L27465
      s('container-apps', 'Container Apps'),
      s('container-images', 'Container Images'),
      s('get-started-with-containers', 'Get Started with Containers'),
    ]),
    c('AzureMarketplace', 'database', 'Database', [ // L27468
      s('data-lakes', 'Data Lakes'),
      s('data-warehouse', 'Data Warehouse'),
      s('ledger-blockchain-databases', 'Ledger/Blockchain Databases'),
      s('nosql-databases', 'NoSQL Databases'),
      s('relational-databases', 'Relational Databases'),
    ]),
    c('AzureMarketplace', 'developer-tools', 'Developer Tools', [ // L27469
      s('developer-service', 'Developer Service'),
      s('scripts', 'Scripts'),
      s('tools', 'Tools'),
    ]),
    c('AzureMarketplace', 'devops', 'DevOps', []), // L27470: N/A
    c('AzureMarketplace', 'identity', 'Identity', [ // L27471
      s('access-management', 'Access Management'),
    ]),
    c('AzureMarketplace', 'it-management-tools', 'IT & Management Tools', [ // L27472
      s('management-solutions', 'Management Solutions'),
      s('business-applications', 'Business Applications'),
    ]),
    c('AzureMarketplace', 'internet-of-things', 'Internet of Things', [ // L27473
      s('iot-analytics-data', 'IoT Analytics & Data'),
      s('iot-connectivity', 'IoT Connectivity'),
      s('iot-core-services', 'IoT Core Services'),
      s('iot-edge-modules', 'IoT Edge Modules'),
      s('iiot-iiot-platforms', 'IIoT & IIoT Platforms'),
      s('iot-security', 'IoT Security'),
      s('iot-solutions', 'IoT Solutions'),
    ]),
    c('AzureMarketplace', 'media', 'Media', [ // L27474
      s('content-protection', 'Content Protection'),
      s('live-on-demand-streaming', 'Live & On-Demand Streaming'),
      s('media-services', 'Media Services'),
    ]),
    c('AzureMarketplace', 'migration', 'Migration', [ // L27475
      s('data-migration', 'Data Migration'),
    ]),
    c('AzureMarketplace', 'mixed-reality', 'Mixed Reality', []), // L27476: N/A
    c('AzureMarketplace', 'monitoring-diagnostics', 'Monitoring & Diagnostics', []), // L27477: N/A
    c('AzureMarketplace', 'networking', 'Networking', [ // L27478
      s('appliance-managers', 'Appliance Managers'),
      s('connectivity', 'Connectivity'),
      s('firewalls', 'Firewalls'),
      s('load-balancers', 'Load Balancers'),
    ]),
    c('AzureMarketplace', 'security', 'Security', [ // L27479
      s('identity-access-management', 'Identity & Access Management'),
      s('information-protection', 'Information Protection'),
      s('threat-protection', 'Threat Protection'),
    ]),
    c('AzureMarketplace', 'storage', 'Storage', [ // L27480
      s('backup-recovery', 'Backup & Recovery'),
      s('block-file-object-sharing', 'Block File & Object Sharing'),
      s('data-management', 'Data Management'),
      s('enterprise-hybrid-storage', 'Enterprise Hybrid Storage'),
    ]),
    c('AzureMarketplace', 'web', 'Web', [ // L27481
      s('blogs-cms', 'Blogs & CMS'),
      s('ecommerce', 'Ecommerce'),
      s('starter-web-apps', 'Starter Web Apps'),
      s('web-apps', 'Web Apps'),
      s('web-apps-frameworks', 'Web Apps Frameworks'),
    ]),
  ]),
  AppSource: Object.freeze([
    c('AppSource', 'ai-machine-learning', 'AI + Machine Learning', [ // L27488
      s('ai-for-business', 'AI for Business'),
      s('bot-apps', 'Bot Apps'),
    ]),
    c('AppSource', 'analytics', 'Analytics', [ // L27489
      s('advanced-analytics', 'Advanced Analytics'),
      s('dashboard-data-visualization', 'Dashboard & Data Visualization'),
    ]),
    c('AppSource', 'collaboration', 'Collaboration', [ // L27490
      s('chat', 'Chat'),
      s('contact-management', 'Contact Management'),
      s('meeting-calendar-management', 'Meeting & Calendar Management'),
      s('site-design-management', 'Site Design & Management'),
      s('voice-video-conferencing', 'Voice & Video Conferencing'),
    ]),
    c('AppSource', 'commerce', 'Commerce', [ // L27491
      s('e-commerce-social-commerce-marketplaces', 'E-Commerce, Social Commerce, & Marketplaces'),
      s('loyalty-gifting', 'Loyalty & Gifting'),
      s('product-information-content-management', 'Product Information & Content Management'),
      s('personalization-ratings-reviews', 'Personalization, Ratings, & Reviews'),
      s('store-management', 'Store Management'),
      s('subscription-post-purchase-services', 'Subscription & Post Purchase Services'),
    ]),
    c('AppSource', 'compliance-legal', 'Compliance & Legal', [ // L27492
      s('data-governance-privacy', 'Data, Governance, & Privacy'),
      s('health-safety', 'Health & Safety'),
      s('legal', 'Legal'),
      s('tax-audit', 'Tax & Audit'),
    ]),
    c('AppSource', 'customer-service', 'Customer Service', [ // L27493
      s('back-office-employee-service', 'Back Office & Employee Service'),
      s('contact-center', 'Contact Center'),
      s('face-to-face-service', 'Face to Face Service'),
      s('knowledge-case-management', 'Knowledge & Case Management'),
      s('social-media-omnichannel-engagement', 'Social Media & Omnichannel Engagement'),
    ]),
    c('AppSource', 'finance', 'Finance', [ // L27494
      s('accounting', 'Accounting'),
      s('analytics-consolidation-reporting', 'Analytics, Consolidation & Reporting'),
      s('asset-management', 'Asset Management'),
      s('compliance-risk-management', 'Compliance & Risk Management'),
      s('payments-credit-collections', 'Payments, Credit, & Collections'),
    ]),
    c('AppSource', 'geolocation', 'Geolocation', [ // L27495
      s('maps', 'Maps'),
      s('news-weather', 'News & Weather'),
      s('address-validation', 'Address Validation'),
    ]),
    c('AppSource', 'human-resources', 'Human Resources', [ // L27496
      s('hr-operations', 'HR Operations'),
      s('talent-acquisition', 'Talent Acquisition'),
      s('talent-management', 'Talent Management'),
      s('people-analytics-insights', 'People Analytics & Insights'),
    ]),
    c('AppSource', 'internet-of-things', 'Internet of Things', [ // L27497
      s('asset-management-operations', 'Asset Management & Operations'),
      s('connected-products', 'Connected Products'),
      s('intelligent-supply-chain', 'Intelligent Supply Chain'),
      s('predictive-maintenance', 'Predictive Maintenance'),
      s('remote-monitoring', 'Remote Monitoring'),
      s('safety-security', 'Safety & Security'),
      s('smart-infrastructure-resources', 'Smart Infrastructure & Resources'),
      s('vehicles-mobility', 'Vehicles & Mobility'),
    ]),
    c('AppSource', 'it-management-tools', 'IT & Management Tools', [ // L27500
      s('business-applications', 'Business Applications'),
      s('management-solutions', 'Management Solutions'),
    ]),
    c('AppSource', 'marketing', 'Marketing', [ // L27501
      s('advertisement', 'Advertisement'),
      s('analytics', 'Analytics'),
      s('campaign-management-automation', 'Campaign Management & Automation'),
      s('email-marketing', 'Email Marketing'),
      s('events-resource-management', 'Events & Resource Management'),
      s('pricing-optimization', 'Pricing Optimization'),
      s('research-analytics', 'Research & Analytics'),
      s('social-media', 'Social Media'),
    ]),
    c('AppSource', 'operations-supply-chain', 'Operations & Supply Chain', [ // L27502
      s('asset-production-management', 'Asset & Production Management'),
      s('demand-forecasting', 'Demand Forecasting'),
      s('information-management-connectivity', 'Information Management & Connectivity'),
      s('planning-purchasing-reporting', 'Planning, Purchasing & Reporting'),
      s('quality-service-management', 'Quality & Service Management'),
      s('sales-order-management', 'Sales & Order Management'),
      s('transportation-warehouse-management', 'Transportation & Warehouse Management'),
    ]),
    c('AppSource', 'productivity', 'Productivity', [ // L27503
      s('blogs', 'Blogs'),
      s('content-creation-management', 'Content Creation & Management'),
      s('document-file-management', 'Document & File management'),
      s('email-management', 'Email Management'),
      s('gamification', 'Gamification'),
      s('language-translation', 'Language & Translation'),
      s('search-reference', 'Search & Reference'),
      s('workflow-automation', 'Workflow Automation'),
    ]),
    c('AppSource', 'project-management', 'Project Management', [ // L27504
      s('project-accounting-revenue-recognition', 'Project Accounting & Revenue Recognition'),
      s('project-invoicing', 'Project Invoicing'),
      s('project-time-expense-reporting', 'Project Time & Expense Reporting'),
      s('project-resource-planning-utilization-metrics', 'Project Resource Planning & Utilization Metrics'),
      s('project-planning-tracking', 'Project Planning & Tracking'),
      s('project-sales-proposals-bids', 'Project Sales Proposals & Bids'),
    ]),
    c('AppSource', 'sales', 'Sales', [ // L27505
      s('business-data-management', 'Business Data Management'),
      s('configure-price-quote-cpq', 'Configure, Price, Quote (CPQ)'),
      s('contract-management', 'Contract Management'),
      s('crm', 'CRM'),
      s('sales-enablement', 'Sales Enablement'),
      s('telesales', 'Telesales'),
    ]),
  ]),
});

/** Industries and their verticals, in the reference's order (L6287-6300). */
export const INDUSTRIES: readonly Industry[] = Object.freeze([
  i('automotive', 'Automotive', []), // L6287: n/a
  i('financial-services', 'Financial Services', [ // L6288
    v('banking', 'Banking'),
    v('insurance', 'Insurance'),
    v('capital-markets', 'Capital Markets'),
  ]),
  i('government', 'Government', [ // L6289
    v('civilian-government', 'Civilian Government'),
    v('public-safety-and-justice', 'Public Safety and Justice'),
  ]),
  i('defense-and-intelligence', 'Defense and Intelligence', []), // L6290: n/a
  i('healthcare', 'Healthcare', [ // L6291
    v('health-payor', 'Health Payor'),
    v('health-provider', 'Health Provider'),
    v('life-sciences', 'Life Sciences'),
  ]),
  i('education', 'Education', [ // L6292
    v('higher-education', 'Higher Education'),
    v('primary-and-secondary-edu-k-12', 'Primary and Secondary Edu/K-12'),
    v('libraries-and-museums', 'Libraries and Museums'),
  ]),
  i('nonprofit-and-igo', 'Nonprofit and IGO', []), // L6293: n/a
  i('manufacturing', 'Manufacturing', [ // L6294
    v('process-manufacturing', 'Process Manufacturing'),
    v('discrete-manufacturing', 'Discrete Manufacturing'),
    v('agriculture', 'Agriculture'),
  ]),
  i('energy', 'Energy', []), // L6295: n/a
  i('retail', 'Retail', [ // L6296: "Retail Customer Goods", see the top of this file
    v('retail', 'Retail'),
    v('consumer-goods', 'Consumer Goods'),
  ]),
  i('media-and-communications', 'Media and Communications', [ // L6297
    v('media-and-entertainment', 'Media and Entertainment'),
    v('telecommunications', 'Telecommunications'),
  ]),
  i('professional-services', 'Professional Services', [ // L6298
    v('partner-professional-services', 'Partner Professional Services'),
    v('legal', 'Legal'),
    v('architecture-and-construction', 'Architecture and Construction'),
    v('real-estate', 'Real Estate'),
  ]),
  i('distribution', 'Distribution', [ // L6299
    v('wholesale', 'Wholesale'),
    v('parcel-and-package-shipping', 'Parcel and Package Shipping'),
  ]),
  i('hospitality-and-travel', 'Hospitality and Travel', [ // L6300
    v('travel-transportation', 'Travel & Transportation'),
    v('hotels-and-leisure', 'Hotels and Leisure'),
    v('restaurants-and-food-services', 'Restaurants and Food Services'),
  ]),
]);

/** Limits on an offer's categories and industries (L27451-27454, L6280, L16241). */
export const CATEGORY_LIMITS = Object.freeze({
  minCategories: 1,
  maxCategories: 2,
  maxSubcategoriesPerCategory: 2,
  maxIndustries: 2,
  maxVerticalsPerIndustry: 2,
});

/** The slug rule the ids were made with (for new entries and tests; never re-derive stored ids). */
export function slugOf(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
}

const CATEGORY_BY_KEY = new Map<string, Category>();
for (const store of STORES) for (const category of CATEGORIES[store]) CATEGORY_BY_KEY.set(`${store}/${category.id}`, category);

const INDUSTRY_BY_ID = new Map(INDUSTRIES.map((industry) => [industry.id, industry]));

/** The category with this id in this store, or undefined. */
export function categoryById(store: Store, id: string): Category | undefined {
  return CATEGORY_BY_KEY.get(`${store}/${id}`);
}

/** The subcategory `subId` of the category `categoryId` in `store`, or undefined. */
export function subcategoryOf(store: Store, categoryId: string, subId: string): Subcategory | undefined {
  return categoryById(store, categoryId)?.subcategories.find((sub) => sub.id === subId);
}

/** The industry with this id, or undefined. */
export function industryById(id: string): Industry | undefined {
  return INDUSTRY_BY_ID.get(id);
}

/** The vertical (sub-industry) `verticalId` of the industry `industryId`, or undefined. */
export function verticalOf(industryId: string, verticalId: string): Vertical | undefined {
  return industryById(industryId)?.verticals.find((vertical) => vertical.id === verticalId);
}

/**
 * The stores an offer's categories map to (L27447: "Categories and subcategories are mapped to one or both of
 * the commercial marketplace online stores"): the distinct stores of the known categories, in STORES order.
 * Unknown categories are ignored (validate the selection with categoryById first).
 */
export function storesOfCategories(categories: readonly CategoryRef[]): Store[] {
  const found = new Set(categories.filter((ref) => categoryById(ref.store, categoryIdOf(ref)) !== undefined).map((ref) => ref.store));
  return STORES.filter((store) => found.has(store));
}

/** The plan and billing options of a SaaS offer that decide its store, besides its categories. */
export interface SaasPlacementOptions {
  /** Any plan has metered billing dimensions. */
  meteredBilling?: boolean;
  /** The offer's plans are all public, all private, or both. Default: 'PublicOnly'. */
  planVisibility?: 'PublicOnly' | 'PrivateOnly' | 'PublicAndPrivate';
}

/**
 * The online stores a SaaS offer is listed on.
 *
 * - SaaS is the one offer type whose listing options all map to "Both online stores" (Contact me, Free trial,
 *   Get it now (Free), Get it now (Transaction): reference L1929-1943, spec/01 §4.3), and whose category
 *   picker offers the categories of both stores (L6205-6216: SaaS has Azure Marketplace categories, AppSource
 *   categories and AppSource industries). "Based on the categories you choose, we determine which online
 *   stores to list your offer on: either Azure Marketplace, Microsoft AppSource, or both" (SaaS Properties tab,
 *   L16237; also L27447, L913-915). So by default the stores are those of its categories.
 * - The "Applicable store by offer type" table (L6218-6237) overrides that: with metered billing (L6227-6229)
 *   or with private plans only (L6230), the offer goes to Azure Marketplace only; public-only and public and
 *   private plans go to "AppSource / Azure Marketplace, depending on category/subcategory and industry
 *   selection" (L6231-6235). Private plans of an offer are also shown in the Azure portal (footnote 2, L6237).
 *   Not encoded: the "Microsoft 365 add-ins" row (L6226, AppSource), because linked add-ins are not modelled;
 *   and industries, which the footnote mentions but no rule says how they move an offer. "Private plans are now
 *   also available on Microsoft AppSource" (L933, 2021-09-10) conflicts with L6230; the table is followed.
 * - SaaS transactable offers in AppSource accept credit cards only (L1938, L1945); that is a checkout rule, not here.
 */
export function storesForSaas(categories: readonly CategoryRef[], options: SaasPlacementOptions = {}): Store[] {
  if (options.meteredBilling === true || options.planVisibility === 'PrivateOnly') return ['AzureMarketplace'];
  return storesOfCategories(categories);
}
