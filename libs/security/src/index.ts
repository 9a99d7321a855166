export * from './permissions';
export * from './access-token';
export * from './token-keys';
export * from './phi-cipher';
export * from './blind-index';
export * from './phi-column';
export * from './access.guard';
export * from './current-principal.decorator';
