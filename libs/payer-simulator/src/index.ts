/** @revcycle/payer-simulator — the payer's side of the wire for the demo and tests: 837 in, 999 / 277CA / 835 out. Pure TypeScript, no I/O. */
export * from './seeded-random';
export * from './fee-schedule';
export * from './remittance-codes';
export * from './claim-decision';
export * from './remittance-advice';
export * from './adjudicate-claim-file';
export * from './synthetic-claim-file';
export * from './synthetic-remittance';
export * from './synthetic-secondary-claims';
