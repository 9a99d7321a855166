export * from './remittance.module';
