export * from './coding.module';
