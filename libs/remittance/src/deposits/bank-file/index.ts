export * from './bank-file';
export * from './eft-trace';
export * from './read-bank-file';
export { readBai2 } from './bai2-reader';
export { readCsv, dollarsToCents } from './csv-reader';
