export * from './compliance.module';
export * from './compliance.app';
export * from './identity/user-accounts';
export * from './identity/portal-sessions';
export * from './identity/identity.service';
