export const ENVIRONMENT = Symbol('ENVIRONMENT');
export const DATABASE_URL = Symbol('DATABASE_URL');
/** The audit chain's HMAC key (base64), or null in a process that was given none (only compliance needs it). */
export const AUDIT_HMAC_KEY = Symbol('AUDIT_HMAC_KEY');
