export * from './denial-codes';
export * from './denial-categories';
export * from './categorize-denial';
