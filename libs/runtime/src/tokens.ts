export const ENVIRONMENT = Symbol('ENVIRONMENT');
export const DATABASE_URL = Symbol('DATABASE_URL');
