export * from './compliance.module';
export * from './compliance.app';
