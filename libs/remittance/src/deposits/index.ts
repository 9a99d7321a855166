export * from './bank-file';
export * from './deposit.entity';
export * from './reconciliation/reconcile';
