export * from './validation';
export * from './envelope';
export * from './snapshots';
export * from './events/charts';
export * from './events/coding';
export * from './events/claims';
export * from './events/audit';
export * from './topics';
