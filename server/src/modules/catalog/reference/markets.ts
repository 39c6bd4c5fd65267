/**
 * The marketplace's markets: where a customer (by billing address) can buy, and in which currency.
 *
 * Source: reference/000_cbe71079b279f5bc.txt, "Geographic availability and currency support for the
 * commercial marketplace", L26412-26619; distilled in spec/08 §1.12. The table (L26423-26576) has 142 rows:
 * 141 purchasable markets (L26418: "can be purchased in 141 geographies") plus China (`China**`, L26453),
 * whose footnote `**` is "Free and BYOL VM images only" (L26580). Rows below are in the reference's order,
 * names as printed there (footnote asterisks removed). The reference says "17 currencies" (L26418), but only
 * 16 distinct all-offer-type currencies appear in the table (spec/08 §4.9 #10): MARKET_CURRENCIES is derived
 * from the rows, so it has 16.
 *
 * China: its currency cells are `N/A` (L26453). It has no transaction, so `currency` is set to 'USD' only to
 * keep the field an ISO code (any price there is 0: free, or BYOL with no marketplace charge), and
 * `consultingCurrencies` is empty (consulting offers cannot be sold there). Check `restriction` before
 * selling anything in a market.
 *
 * Brazil: `BRL*` (L26445); footnote `*` (L26578): "For customers in Brazil, the commercial marketplace through
 * Cloud Solution Providers (CSP) uses USD." Brazil's currency is BRL; a CSP purchase for a Brazilian customer
 * is in USD (see `currencyForPurchase`).
 *
 * taxRemitted ("Tax Remitted" countries, "in which Microsoft remits sales and use tax on your behalf":
 * L2491, L7370, L9393, L16525). The reference has NO full list of these countries: it says they "will be
 * identified in the process of listing your offer" (L1301) and links to a "tax details page" that is not in
 * the reference. What it does say, in "What's new" > "Tax updates" (L943-948):
 *   - L945 (2021-09-13): "Nigeria and Thailand are now Microsoft-managed countries in Azure Marketplace."
 *   - L946 (2021-07-01): "End-customer taxation in Australia is managed by Microsoft, except for customer
 *     purchases made through an enterprise agreement, which are managed by the publisher."
 *   - L947 (2021-07-01): 22 countries were added to the "tax details page country list" (Argentina, Bulgaria,
 *     Hong Kong SAR, Korea (South), Pakistan, ...). NOT used: that page lists every country under one of several
 *     tax categories, including publisher-managed ones (L948 names a "shared publisher/developer-managed
 *     countries" list), so being on it does not mean Microsoft remits tax there.
 *   - L948 (2021-07-01): Nigeria moved to "end-customer taxation with differences in Marketplaces".
 * So taxRemitted is true for exactly the markets the reference names as Microsoft-managed: AU, NG, TH (3).
 * Australia's Enterprise Agreement exception (L946) is a per-purchase rule for the tax engine, not a market
 * property; it is not encoded here. Real deployments will want a longer, operator-configurable list
 * (spec/01 §6 proposes a configurable country tax table); this is the reference's default.
 */

/** How a market is limited. China: only free and BYOL VM images (L26580). */
export type MarketRestriction = 'FreeAndByolVmOnly';

export interface Market {
  /** ISO 3166-1 alpha-2, upper case. */
  code: string;
  name: string;
  /** ISO 4217: the transaction currency for all offer types in this market. */
  currency: string;
  /** ISO 4217 codes a consulting-service offer may be priced in for this market (sorted, as in the reference). */
  consultingCurrencies: readonly string[];
  /** Microsoft (here: the platform) remits sales and use tax for sales into this market. */
  taxRemitted: boolean;
  restriction?: MarketRestriction;
}

/** Markets where the platform remits tax. See the comment at the top of this file (L945, L946). */
export const TAX_REMITTED_MARKET_CODES: readonly string[] = Object.freeze(['AU', 'NG', 'TH']);

const TAX_REMITTED = new Set(TAX_REMITTED_MARKET_CODES);

function m(code: string, name: string, currency: string, consultingCurrencies: string[]): Market {
  return Object.freeze({
    code,
    name,
    currency,
    consultingCurrencies: Object.freeze(consultingCurrencies),
    taxRemitted: TAX_REMITTED.has(code),
  });
}

/** China (L26453, L26580): listed, but only free and BYOL VM images may be offered there. */
const CHINA: Market = Object.freeze({
  code: 'CN',
  name: 'China',
  currency: 'USD', // `N/A` in the reference; placeholder, see the top of this file.
  consultingCurrencies: Object.freeze([]),
  taxRemitted: false,
  restriction: 'FreeAndByolVmOnly',
});

/** All 142 rows of the reference table, in its order: the 141 purchasable markets and China. */
export const MARKETS: readonly Market[] = Object.freeze([
  m('AF', 'Afghanistan', 'USD', ['AFN', 'EUR', 'USD']),
  m('AL', 'Albania', 'USD', ['ALL', 'EUR', 'USD']),
  m('DZ', 'Algeria', 'USD', ['DZD', 'EUR', 'USD']),
  m('AD', 'Andorra', 'EUR', ['EUR', 'USD']),
  m('AO', 'Angola', 'USD', ['AOA', 'EUR', 'USD']),
  m('AR', 'Argentina', 'USD', ['ARS', 'EUR', 'USD']),
  m('AM', 'Armenia', 'USD', ['AMD', 'EUR', 'USD']),
  m('AU', 'Australia', 'AUD', ['AUD', 'EUR', 'USD']),
  m('AT', 'Austria', 'EUR', ['EUR', 'USD']),
  m('AZ', 'Azerbaijan', 'USD', ['AZN', 'EUR', 'USD']),
  m('BH', 'Bahrain', 'USD', ['BHD', 'EUR', 'USD']),
  m('BD', 'Bangladesh', 'USD', ['BDT', 'EUR', 'USD']),
  m('BB', 'Barbados', 'USD', ['BBD', 'EUR', 'USD']),
  m('BY', 'Belarus', 'USD', ['BYN', 'EUR', 'USD']),
  m('BE', 'Belgium', 'EUR', ['EUR', 'USD']),
  m('BZ', 'Belize', 'USD', ['BZD', 'EUR', 'USD']),
  m('BM', 'Bermuda', 'USD', ['BMD', 'EUR', 'USD']),
  m('BO', 'Bolivia', 'USD', ['BOB', 'EUR', 'USD']),
  m('BA', 'Bosnia and Herzegovina', 'USD', ['BAM', 'EUR', 'USD']),
  m('BW', 'Botswana', 'USD', ['BWP', 'EUR', 'USD']),
  m('BR', 'Brazil', 'BRL', ['BRL', 'EUR', 'USD']), // BRL*: for customers in Brazil, purchases through CSP use USD (L26578).
  m('BN', 'Brunei', 'USD', ['BND', 'EUR', 'SGD', 'USD']),
  m('BG', 'Bulgaria', 'EUR', ['BGN', 'EUR', 'USD']),
  m('CV', 'Cabo Verde', 'USD', ['CVE', 'EUR', 'USD']),
  m('CM', 'Cameroon', 'USD', ['EUR', 'USD', 'XAF']),
  m('CA', 'Canada', 'CAD', ['CAD', 'EUR', 'USD']),
  m('KY', 'Cayman Islands', 'USD', ['EUR', 'KYD', 'USD']),
  m('CL', 'Chile', 'USD', ['CLP', 'EUR', 'USD']),
  CHINA, // L26453: `China**  CN  N/A  N/A`
  m('CO', 'Colombia', 'USD', ['COP', 'EUR', 'USD']),
  m('CR', 'Costa Rica', 'USD', ['CRC', 'EUR', 'USD']),
  m('CI', "Côte d'Ivoire", 'USD', ['EUR', 'USD', 'XOF']),
  m('HR', 'Croatia', 'EUR', ['EUR', 'HRK', 'USD']),
  m('CW', 'Curaçao', 'USD', ['ANG', 'EUR', 'USD']),
  m('CY', 'Cyprus', 'EUR', ['EUR', 'USD']),
  m('CZ', 'Czechia', 'EUR', ['CZK', 'EUR', 'USD']),
  m('DK', 'Denmark', 'DKK', ['DKK', 'EUR', 'USD']),
  m('DO', 'Dominican Republic', 'USD', ['DOP', 'EUR', 'USD']),
  m('EC', 'Ecuador', 'USD', ['EUR', 'USD']),
  m('EG', 'Egypt', 'USD', ['EGP', 'EUR', 'USD']),
  m('SV', 'El Salvador', 'USD', ['EUR', 'USD']),
  m('EE', 'Estonia', 'EUR', ['EUR', 'USD']),
  m('ET', 'Ethiopia', 'USD', ['ETB', 'EUR', 'USD']),
  m('FO', 'Faroe Islands', 'DKK', ['DKK', 'EUR', 'USD']),
  m('FJ', 'Fiji', 'AUD', ['AUD', 'EUR', 'FJD', 'USD']),
  m('FI', 'Finland', 'EUR', ['EUR', 'USD']),
  m('FR', 'France', 'EUR', ['EUR', 'USD']),
  m('GE', 'Georgia', 'USD', ['EUR', 'GEL', 'USD']),
  m('DE', 'Germany', 'EUR', ['EUR', 'USD']),
  m('GH', 'Ghana', 'USD', ['EUR', 'GHS', 'USD']),
  m('GR', 'Greece', 'EUR', ['EUR', 'USD']),
  m('GT', 'Guatemala', 'USD', ['EUR', 'GTQ', 'USD']),
  m('HN', 'Honduras', 'USD', ['EUR', 'HNL', 'USD']),
  m('HK', 'Hong Kong SAR', 'USD', ['EUR', 'HKD', 'USD']),
  m('HU', 'Hungary', 'EUR', ['EUR', 'HUF', 'USD']),
  m('IS', 'Iceland', 'EUR', ['EUR', 'ISK', 'USD']),
  m('IN', 'India', 'INR', ['EUR', 'INR', 'USD']),
  m('ID', 'Indonesia', 'USD', ['EUR', 'IDR', 'USD']),
  m('IQ', 'Iraq', 'USD', ['EUR', 'IQD', 'USD']),
  m('IE', 'Ireland', 'EUR', ['EUR', 'USD']),
  m('IL', 'Israel', 'USD', ['EUR', 'ILS', 'USD']),
  m('IT', 'Italy', 'EUR', ['EUR', 'USD']),
  m('JM', 'Jamaica', 'USD', ['EUR', 'JMD', 'USD']),
  m('JP', 'Japan', 'JPY', ['EUR', 'JPY', 'USD']),
  m('JO', 'Jordan', 'USD', ['EUR', 'JOD', 'USD']),
  m('KZ', 'Kazakhstan', 'USD', ['EUR', 'KZT', 'USD']),
  m('KE', 'Kenya', 'USD', ['EUR', 'KES', 'USD']),
  m('KR', 'Korea (South)', 'KRW', ['EUR', 'KRW', 'USD']),
  m('KW', 'Kuwait', 'USD', ['EUR', 'KWD', 'USD']),
  m('KG', 'Kyrgyzstan', 'USD', ['EUR', 'KGS', 'USD']),
  m('LV', 'Latvia', 'EUR', ['EUR', 'USD']),
  m('LB', 'Lebanon', 'USD', ['EUR', 'LBP', 'USD']),
  m('LY', 'Libya', 'USD', ['EUR', 'LYD', 'USD']),
  m('LI', 'Liechtenstein', 'EUR', ['CHF', 'EUR', 'USD']),
  m('LT', 'Lithuania', 'EUR', ['EUR', 'USD']),
  m('LU', 'Luxembourg', 'EUR', ['EUR', 'USD']),
  m('MO', 'Macao SAR', 'USD', ['EUR', 'MOP', 'USD']),
  m('MY', 'Malaysia', 'USD', ['EUR', 'MYR', 'USD']),
  m('MT', 'Malta', 'EUR', ['EUR', 'USD']),
  m('MU', 'Mauritius', 'USD', ['EUR', 'MUR', 'USD']),
  m('MX', 'Mexico', 'USD', ['EUR', 'MXN', 'USD']),
  m('MD', 'Moldova', 'USD', ['EUR', 'MDL', 'USD']),
  m('MC', 'Monaco', 'EUR', ['EUR', 'USD']),
  m('MN', 'Mongolia', 'USD', ['EUR', 'MNT', 'USD']),
  m('ME', 'Montenegro', 'USD', ['EUR', 'USD']),
  m('MA', 'Morocco', 'USD', ['EUR', 'MAD', 'USD']),
  m('NA', 'Namibia', 'USD', ['EUR', 'NAD', 'USD', 'ZAR']),
  m('NP', 'Nepal', 'USD', ['EUR', 'NPR', 'USD']),
  m('NL', 'Netherlands', 'EUR', ['EUR', 'USD']),
  m('NZ', 'New Zealand', 'NZD', ['EUR', 'NZD', 'USD']),
  m('NI', 'Nicaragua', 'USD', ['EUR', 'NIO', 'USD']),
  m('NG', 'Nigeria', 'USD', ['EUR', 'NGN', 'USD']),
  m('MK', 'North Macedonia', 'USD', ['EUR', 'MKD', 'USD']),
  m('NO', 'Norway', 'NOK', ['EUR', 'NOK', 'USD']),
  m('OM', 'Oman', 'USD', ['EUR', 'OMR', 'USD']),
  m('PK', 'Pakistan', 'USD', ['EUR', 'PKR', 'USD']),
  m('PS', 'Palestinian Authority', 'USD', ['EUR', 'ILS', 'JOD', 'USD']),
  m('PA', 'Panama', 'USD', ['EUR', 'PAB', 'USD']),
  m('PY', 'Paraguay', 'USD', ['EUR', 'PYG', 'USD']),
  m('PE', 'Peru', 'USD', ['EUR', 'PEN', 'USD']),
  m('PH', 'Philippines', 'USD', ['EUR', 'PHP', 'USD']),
  m('PL', 'Poland', 'EUR', ['EUR', 'PLN', 'USD']),
  m('PT', 'Portugal', 'EUR', ['EUR', 'USD']),
  m('PR', 'Puerto Rico', 'USD', ['EUR', 'USD']),
  m('QA', 'Qatar', 'USD', ['EUR', 'QAR', 'USD']),
  m('RO', 'Romania', 'EUR', ['EUR', 'RON', 'USD']),
  m('RU', 'Russia', 'RUB', ['EUR', 'RUB', 'USD']),
  m('RW', 'Rwanda', 'USD', ['EUR', 'RWF', 'USD']),
  m('KN', 'Saint Kitts and Nevis', 'USD', ['EUR', 'USD', 'XCD']),
  m('SA', 'Saudi Arabia', 'USD', ['EUR', 'SAR', 'USD']),
  m('SN', 'Senegal', 'USD', ['EUR', 'USD', 'XOF']),
  m('RS', 'Serbia', 'USD', ['EUR', 'RSD', 'USD']),
  m('SG', 'Singapore', 'USD', ['BND', 'EUR', 'SGD', 'USD']),
  m('SK', 'Slovakia', 'EUR', ['EUR', 'USD']),
  m('SI', 'Slovenia', 'EUR', ['EUR', 'USD']),
  m('ZA', 'South Africa', 'USD', ['EUR', 'USD', 'ZAR']),
  m('ES', 'Spain', 'EUR', ['EUR', 'USD']),
  m('LK', 'Sri Lanka', 'USD', ['EUR', 'LKR', 'USD']),
  m('SE', 'Sweden', 'SEK', ['EUR', 'SEK', 'USD']),
  m('CH', 'Switzerland', 'CHF', ['CHF', 'EUR', 'USD']),
  m('TW', 'Taiwan', 'TWD', ['EUR', 'TWD', 'USD']),
  m('TJ', 'Tajikistan', 'USD', ['EUR', 'TJS', 'USD']),
  m('TZ', 'Tanzania', 'USD', ['EUR', 'TZS', 'USD']),
  m('TH', 'Thailand', 'USD', ['EUR', 'THB', 'USD']),
  m('TT', 'Trinidad and Tobago', 'USD', ['EUR', 'TTD', 'USD']),
  m('TN', 'Tunisia', 'USD', ['EUR', 'TND', 'USD']),
  m('TR', 'Turkey', 'USD', ['EUR', 'TRY', 'USD']),
  m('TM', 'Turkmenistan', 'USD', ['EUR', 'TMT', 'USD']),
  m('UG', 'Uganda', 'USD', ['EUR', 'UGX', 'USD']),
  m('UA', 'Ukraine', 'USD', ['EUR', 'RUB', 'UAH', 'USD']),
  m('AE', 'United Arab Emirates', 'USD', ['AED', 'EUR', 'USD']),
  m('GB', 'United Kingdom', 'GBP', ['EUR', 'GBP', 'USD']),
  m('US', 'United States', 'USD', ['EUR', 'USD']),
  m('VI', 'U.S. Virgin Islands', 'USD', ['EUR', 'USD']),
  m('UY', 'Uruguay', 'USD', ['EUR', 'USD', 'UYU']),
  m('UZ', 'Uzbekistan', 'USD', ['EUR', 'USD', 'UZS']),
  m('VA', 'Vatican City (Holy See)', 'EUR', ['EUR', 'USD']),
  m('VE', 'Venezuela', 'USD', ['EUR', 'USD', 'VES']),
  m('VN', 'Vietnam', 'USD', ['EUR', 'USD', 'VND']),
  m('YE', 'Yemen', 'USD', ['EUR', 'USD', 'YER']),
  m('ZM', 'Zambia', 'USD', ['EUR', 'USD', 'ZMW']),
  m('ZW', 'Zimbabwe', 'USD', ['EUR', 'USD']),
]);

/** The 141 markets where offers can be bought (everything but China). */
export const PURCHASABLE_MARKETS: readonly Market[] = Object.freeze(MARKETS.filter((market) => market.restriction === undefined));

const BY_CODE = new Map(MARKETS.map((market) => [market.code, market]));

/** The market with this ISO-2 code (any case), or undefined. */
export function marketByCode(code: string): Market | undefined {
  return BY_CODE.get(code.trim().toUpperCase());
}

/** The distinct all-offer-type currencies of the purchasable markets, sorted: 16 codes (the reference says 17, L26418). */
export const MARKET_CURRENCIES: readonly string[] = Object.freeze(
  [...new Set(PURCHASABLE_MARKETS.map((market) => market.currency))].sort(),
);

/** The distinct consulting-service-offer currencies of the purchasable markets, sorted. */
export const CONSULTING_CURRENCIES: readonly string[] = Object.freeze(
  [...new Set(PURCHASABLE_MARKETS.flatMap((market) => market.consultingCurrencies))].sort(),
);

/** The markets where the platform remits tax (the "Tax Remitted" filter of the markets dialog, L7370). */
export const TAX_REMITTED_MARKETS: readonly Market[] = Object.freeze(MARKETS.filter((market) => market.taxRemitted));

/**
 * The currency a purchase in `market` is made in. CSP purchases for customers in Brazil use USD (L26578);
 * otherwise the market's currency for all offer types.
 */
export function currencyForPurchase(market: Market, channel: 'Direct' | 'Csp' = 'Direct'): string {
  if (channel === 'Csp' && market.code === 'BR') return 'USD';
  return market.currency;
}
