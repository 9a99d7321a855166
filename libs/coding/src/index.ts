export * from './coding.module';
export * from './coding.app';
