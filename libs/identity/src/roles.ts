/** The roles people sign in as (payers use bearer tokens, never the portal). */
export const PORTAL_ROLES = ['coder', 'biller', 'finance', 'compliance', 'admin'] as const;
export type PortalRole = (typeof PORTAL_ROLES)[number];

/** Roles that can read or change everyone's access: a password alone is not enough (second factor). */
export const SECOND_FACTOR_ROLES: readonly PortalRole[] = ['admin', 'compliance'];

export const needsSecondFactor = (role: PortalRole): boolean => SECOND_FACTOR_ROLES.includes(role);

/** A user name: what a person types, letters, digits and . _ - @, 2 to 64 characters. */
export const USER_NAME = /^[A-Za-z0-9][A-Za-z0-9._@-]{1,63}$/;
