/**
 * @revcycle/codesets — national code sets and CMS edit tables, packaged and effective-dated.
 * See README.md for the tables, their releases and the accepted import formats.
 */
export * from './icd10cm';
export { codesetsDataDir } from './data-files';
export * from './hashing';
export * from './reference-tables';
export * from './reference-loader';
export * from './table-formats';
export * from './lists';
export * from './cms-import';
export * from './code-lookup';
