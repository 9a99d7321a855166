/** @revcycle/x12 — ASC X12 5010 reader/writer and implementation-guide validation. Pure TypeScript, no I/O. */
export * from './common/issue';
export * from './common/format';
export * from './common/model';
export * from './tokenizer/segment';
export * from './tokenizer/tokenizer';
export * from './envelope/reader';
export * from './envelope/writer';
export * from './837/model';
export { parse837, read837Transaction, kindOf } from './837/reader';
export type { Parse837Result, Read837Transaction, LocatedSegment } from './837/reader';
export { write837, write837Body } from './837/writer';
export * from './835/model';
export * from './835/balancing';
export * from './835/reader';
export * from './835/writer';
export * from './validation/validate';
export { SEGMENT_SPECS, checkSegmentElements } from './validation/elements';
export type { ElementSpec, ElementType } from './validation/elements';
