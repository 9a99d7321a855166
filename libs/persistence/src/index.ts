export * from './embedded-postgres';
export * from './postgres-user-access';
export * from './data-source';
export * from './test-database';
export * from './service-roles';
export * from './prepared-statement';
export * from './array-literal';
export * from './query-failure-logger';
