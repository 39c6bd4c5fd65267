/**
 * Reference data for tax and payout profiles.
 *
 * Supported publisher countries: spec/08 §1.16 (reference L26795-27050), "A publisher's company must legally reside
 * in one of these 245 entries", in the reference's order and spelling, each with its ISO 3166-1 alpha-2 code. Three
 * entries of the reference have no code of their own: "Saba" and "Sint Eustatius" are parts of BQ (listed a third
 * time as "Bonaire, Sint Eustatius and Saba"), and Kosovo has no ISO code, so it takes XK, the user-assigned code
 * the European Commission, SWIFT (IBAN prefix XK) and most registries use. So 245 entries give 243 codes.
 *
 * Not publisher countries, though they are in the reference's co-sell country table (spec/08 §1.16 "Differences"):
 * China, Cuba, Iran, North Korea, Sudan, Syria. A person may still be a citizen of one of them, so citizenship
 * accepts them (CITIZENSHIP_COUNTRIES).
 */

export const PUBLISHER_COUNTRY_ENTRIES: readonly (readonly [name: string, code: string])[] = Object.freeze([
  ['Afghanistan', 'AF'], ['Åland Islands', 'AX'], ['Albania', 'AL'], ['Algeria', 'DZ'], ['American Samoa', 'AS'],
  ['Andorra', 'AD'], ['Angola', 'AO'], ['Anguilla', 'AI'], ['Antarctica', 'AQ'], ['Antigua and Barbuda', 'AG'],
  ['Argentina', 'AR'], ['Armenia', 'AM'], ['Aruba', 'AW'], ['Australia', 'AU'], ['Austria', 'AT'],
  ['Azerbaijan', 'AZ'], ['Bahamas', 'BS'], ['Bahrain', 'BH'], ['Bangladesh', 'BD'], ['Barbados', 'BB'],
  ['Belarus', 'BY'], ['Belgium', 'BE'], ['Belize', 'BZ'], ['Benin', 'BJ'], ['Bermuda', 'BM'],
  ['Bhutan', 'BT'], ['Bolivia', 'BO'], ['Bonaire, Sint Eustatius and Saba', 'BQ'], ['Bosnia and Herzegovina', 'BA'], ['Botswana', 'BW'],
  ['Bouvet Island', 'BV'], ['Brazil', 'BR'], ['British Indian Ocean Territory', 'IO'], ['British Virgin Islands', 'VG'], ['Brunei', 'BN'],
  ['Bulgaria', 'BG'], ['Burkina Faso', 'BF'], ['Burundi', 'BI'], ['Cabo Verde', 'CV'], ['Cambodia', 'KH'],
  ['Cameroon', 'CM'], ['Canada', 'CA'], ['Cayman Islands', 'KY'], ['Central African Republic', 'CF'], ['Chad', 'TD'],
  ['Chile', 'CL'], ['Christmas Island', 'CX'], ['Cocos (Keeling) Islands', 'CC'], ['Colombia', 'CO'], ['Comoros', 'KM'],
  ['Congo', 'CG'], ['Congo (DRC)', 'CD'], ['Cook Islands', 'CK'], ['Costa Rica', 'CR'], ['Croatia', 'HR'],
  ['Curaçao', 'CW'], ['Cyprus', 'CY'], ["Côte d'Ivoire", 'CI'], ['Czechia', 'CZ'], ['Denmark', 'DK'],
  ['Djibouti', 'DJ'], ['Dominica', 'DM'], ['Dominican Republic', 'DO'], ['Ecuador', 'EC'], ['Egypt', 'EG'],
  ['El Salvador', 'SV'], ['Equatorial Guinea', 'GQ'], ['Eritrea', 'ER'], ['Estonia', 'EE'], ['Ethiopia', 'ET'],
  ['Falkland Islands', 'FK'], ['Faroe Islands', 'FO'], ['Fiji', 'FJ'], ['Finland', 'FI'], ['France', 'FR'],
  ['French Guiana', 'GF'], ['French Polynesia', 'PF'], ['French Southern Territories', 'TF'], ['Gabon', 'GA'], ['Gambia', 'GM'],
  ['Georgia', 'GE'], ['Germany', 'DE'], ['Ghana', 'GH'], ['Gibraltar', 'GI'], ['Greece', 'GR'],
  ['Greenland', 'GL'], ['Grenada', 'GD'], ['Guadeloupe', 'GP'], ['Guam', 'GU'], ['Guatemala', 'GT'],
  ['Guernsey', 'GG'], ['Guinea', 'GN'], ['Guinea-Bissau', 'GW'], ['Guyana', 'GY'], ['Haiti', 'HT'],
  ['Heard Island and McDonald Islands', 'HM'], ['Honduras', 'HN'], ['Hong Kong SAR', 'HK'], ['Hungary', 'HU'], ['Iceland', 'IS'],
  ['India', 'IN'], ['Indonesia', 'ID'], ['Iraq', 'IQ'], ['Ireland', 'IE'], ['Isle of Man', 'IM'],
  ['Israel', 'IL'], ['Italy', 'IT'], ['Jamaica', 'JM'], ['Japan', 'JP'], ['Jersey', 'JE'],
  ['Jordan', 'JO'], ['Kazakhstan', 'KZ'], ['Kenya', 'KE'], ['Kiribati', 'KI'], ['Kosovo', 'XK'],
  ['Kuwait', 'KW'], ['Kyrgyzstan', 'KG'], ['Laos', 'LA'], ['Latvia', 'LV'], ['Lebanon', 'LB'],
  ['Lesotho', 'LS'], ['Liberia', 'LR'], ['Libya', 'LY'], ['Liechtenstein', 'LI'], ['Lithuania', 'LT'],
  ['Luxembourg', 'LU'], ['Macao SAR', 'MO'], ['Madagascar', 'MG'], ['Malawi', 'MW'], ['Malaysia', 'MY'],
  ['Maldives', 'MV'], ['Mali', 'ML'], ['Malta', 'MT'], ['Marshall Islands', 'MH'], ['Martinique', 'MQ'],
  ['Mauritania', 'MR'], ['Mauritius', 'MU'], ['Mayotte', 'YT'], ['Mexico', 'MX'], ['Micronesia', 'FM'],
  ['Moldova', 'MD'], ['Monaco', 'MC'], ['Mongolia', 'MN'], ['Montenegro', 'ME'], ['Montserrat', 'MS'],
  ['Morocco', 'MA'], ['Mozambique', 'MZ'], ['Myanmar', 'MM'], ['Namibia', 'NA'], ['Nauru', 'NR'],
  ['Nepal', 'NP'], ['Netherlands', 'NL'], ['New Caledonia', 'NC'], ['New Zealand', 'NZ'], ['Nicaragua', 'NI'],
  ['Niger', 'NE'], ['Nigeria', 'NG'], ['Niue', 'NU'], ['Norfolk Island', 'NF'], ['North Macedonia', 'MK'],
  ['Northern Mariana Islands', 'MP'], ['Norway', 'NO'], ['Oman', 'OM'], ['Pakistan', 'PK'], ['Palau', 'PW'],
  ['Palestinian Authority', 'PS'], ['Panama', 'PA'], ['Papua New Guinea', 'PG'], ['Paraguay', 'PY'], ['Peru', 'PE'],
  ['Philippines', 'PH'], ['Pitcairn Islands', 'PN'], ['Poland', 'PL'], ['Portugal', 'PT'], ['Puerto Rico', 'PR'],
  ['Qatar', 'QA'], ['Romania', 'RO'], ['Russia', 'RU'], ['Rwanda', 'RW'], ['Réunion', 'RE'],
  ['Saba', 'BQ'], ['Saint Barthélemy', 'BL'], ['Saint Kitts and Nevis', 'KN'], ['Saint Lucia', 'LC'], ['Saint Martin', 'MF'],
  ['Saint Pierre and Miquelon', 'PM'], ['Saint Vincent and the Grenadines', 'VC'], ['Samoa', 'WS'], ['San Marino', 'SM'], ['Saudi Arabia', 'SA'],
  ['Senegal', 'SN'], ['Serbia', 'RS'], ['Seychelles', 'SC'], ['Sierra Leone', 'SL'], ['Singapore', 'SG'],
  ['Sint Eustatius', 'BQ'], ['Sint Maarten', 'SX'], ['Slovakia', 'SK'], ['Slovenia', 'SI'], ['Solomon Islands', 'SB'],
  ['Somalia', 'SO'], ['South Africa', 'ZA'], ['South Georgia and South Sandwich Islands', 'GS'], ['South Korea (Republic of Korea)', 'KR'], ['South Sudan', 'SS'],
  ['Spain', 'ES'], ['Sri Lanka', 'LK'], ['St Helena, Ascension, Tristan da Cunha', 'SH'], ['Suriname', 'SR'], ['Svalbard and Jan Mayen', 'SJ'],
  ['Swaziland', 'SZ'], ['Sweden', 'SE'], ['Switzerland', 'CH'], ['São Tomé and Príncipe', 'ST'], ['Taiwan', 'TW'],
  ['Tajikistan', 'TJ'], ['Tanzania', 'TZ'], ['Thailand', 'TH'], ['Timor-Leste', 'TL'], ['Togo', 'TG'],
  ['Tokelau', 'TK'], ['Tonga', 'TO'], ['Trinidad and Tobago', 'TT'], ['Tunisia', 'TN'], ['Turkey', 'TR'],
  ['Turkmenistan', 'TM'], ['Turks and Caicos Islands', 'TC'], ['Tuvalu', 'TV'], ['U.S. Outlying Islands', 'UM'], ['U.S. Virgin Islands', 'VI'],
  ['Uganda', 'UG'], ['Ukraine', 'UA'], ['United Arab Emirates', 'AE'], ['United Kingdom', 'GB'], ['United States', 'US'],
  ['Uruguay', 'UY'], ['Uzbekistan', 'UZ'], ['Vanuatu', 'VU'], ['Vatican City', 'VA'], ['Venezuela', 'VE'],
  ['Vietnam', 'VN'], ['Wallis and Futuna', 'WF'], ['Yemen', 'YE'], ['Zambia', 'ZM'], ['Zimbabwe', 'ZW'],
] as const);

/** Countries a person can be a citizen of without being able to register a publisher there (spec/08 §1.16). */
export const NON_PUBLISHER_COUNTRIES: Readonly<Record<string, string>> = Object.freeze({
  CN: 'China',
  CU: 'Cuba',
  IR: 'Iran',
  KP: 'North Korea',
  SD: 'Sudan',
  SY: 'Syria',
});

/** ISO-2 code → name of every supported publisher country (243 codes; BQ is named after its combined entry). */
export const PUBLISHER_COUNTRIES: ReadonlyMap<string, string> = new Map(
  PUBLISHER_COUNTRY_ENTRIES.filter(([name, code]) => code !== 'BQ' || name.startsWith('Bonaire')).map(([name, code]) => [code, name]),
);

/** ISO-2 code → name of every country accepted as a citizenship. */
export const CITIZENSHIP_COUNTRIES: ReadonlyMap<string, string> = new Map([...PUBLISHER_COUNTRIES, ...Object.entries(NON_PUBLISHER_COUNTRIES)]);

export const isPublisherCountry = (code: string): boolean => PUBLISHER_COUNTRIES.has(code);
export const isCitizenshipCountry = (code: string): boolean => CITIZENSHIP_COUNTRIES.has(code);

/**
 * The currencies a payout can be made in: the marketplace's 16 all-offer-type market currencies (spec/08 §4.9 #10,
 * the catalog's MARKET_CURRENCIES), so a publisher can be paid in any currency customers pay in.
 */
export const PAYOUT_CURRENCIES: readonly string[] = Object.freeze([
  'AUD', 'BRL', 'CAD', 'CHF', 'DKK', 'EUR', 'GBP', 'INR', 'JPY', 'KRW', 'NOK', 'NZD', 'RUB', 'SEK', 'TWD', 'USD',
]);

/**
 * US state and territory codes (the USPS codes of spec/08 §1.15's "US-xx" list): the state of a US tax address.
 */
export const US_STATES: readonly string[] = Object.freeze([
  'AL', 'AK', 'AZ', 'AR', 'CA', 'CO', 'CT', 'DE', 'FL', 'GA', 'HI', 'ID', 'IL', 'IN', 'IA', 'KS', 'KY', 'LA', 'ME',
  'MD', 'MA', 'MI', 'MN', 'MS', 'MO', 'MT', 'NE', 'NV', 'NH', 'NJ', 'NM', 'NY', 'NC', 'ND', 'OH', 'OK', 'OR', 'PA',
  'RI', 'SC', 'SD', 'TN', 'TX', 'UT', 'VT', 'VA', 'WA', 'WV', 'WI', 'WY', 'DC', 'AS', 'GU', 'MP', 'PR', 'UM', 'VI',
]);
