export * from './icd10cm';
export { codesetsDataDir } from './data-files';
