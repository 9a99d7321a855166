export * from './password';
export * from './totp';
export * from './lockout';
export * from './session-secret';
export * from './roles';
