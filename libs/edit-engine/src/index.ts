/**
 * @revcycle/edit-engine — the claim scrubber. Pure TypeScript, no I/O: reference tables
 * (`@revcycle/codesets`) and payer rules come in as arguments. See README.md.
 */
export * from './claim';
export * from './edit-catalogue';
export * from './engine';
export * from './payer-rules';
export { ANATOMIC_MODIFIERS, isEvaluationAndManagement } from './modifiers';
export * from './pool';
export { startWorkerScript } from './worker-script';
export { parseNdjsonClaim } from './ndjson';
export { scrubClaimFromX12 } from './x12-claim';
