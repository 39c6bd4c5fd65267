/** Resources (audiences) Agora issues access tokens for, by the identifiers Microsoft's clients already use. */
export const MARKETPLACE_API_RESOURCE = '20e940b3-4c77-4b0b-9a53-9e16a1b010a7';
export const PARTNER_CENTER_RESOURCE = 'https://api.partner.microsoft.com';
export const CLOUD_PARTNER_PORTAL_RESOURCE = 'https://cloudpartner.azure.com';
export const PARTNER_CENTER_ANALYTICS_RESOURCE = 'https://api.partnercenter.microsoft.com';

export const KNOWN_RESOURCES: readonly string[] = [
  MARKETPLACE_API_RESOURCE,
  PARTNER_CENTER_RESOURCE,
  CLOUD_PARTNER_PORTAL_RESOURCE,
  PARTNER_CENTER_ANALYTICS_RESOURCE,
];

/** The canonical form of a requested resource (case-insensitive, without a trailing slash), or undefined if unknown. */
export function canonicalResource(requested: string): string | undefined {
  const key = requested.trim().replace(/\/+$/, '').toLowerCase();
  return KNOWN_RESOURCES.find((r) => r.toLowerCase() === key);
}

/** Access tokens live one hour (the reference: "This token is only valid for one hour"). */
export const ACCESS_TOKEN_LIFETIME_S = 3600;
/** Accepted clock skew when checking a token's lifetime (the default of Microsoft's own validators). */
export const CLOCK_SKEW_S = 300;
