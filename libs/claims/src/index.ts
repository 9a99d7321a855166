export * from './claims.module';
export * from './claims.app';
