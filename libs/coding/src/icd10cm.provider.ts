import { Icd10CmCodeSet, loadIcd10Cm } from '@revcycle/codesets';

export const ICD10CM = Symbol('ICD10CM');

/** The packaged ICD-10-CM release, loaded once per process. */
export const icd10CmProvider = { provide: ICD10CM, useFactory: (): Icd10CmCodeSet => loadIcd10Cm() };
