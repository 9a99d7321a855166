export * from './remittance.module';
export * from './remittance.app';
