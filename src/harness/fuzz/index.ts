/**
 * Negative fuzzing from the contract: invalid requests generated from openapi.yaml with a seed,
 * and a runner that checks each one gets a clean 4xx envelope. Used by `npm run fuzz` and meant
 * for a `check --fuzz N` option.
 */
export { type FuzzOptions, type FuzzReport, fuzzServer, rootOf } from './fuzzServer';
export { generateInvalidCases, type InvalidCaseOptions, invalidCases } from './generateInvalidCases';
export { judgeResponse, LEAK_PATTERN, type Violation, type ViolationKind } from './judgeResponse';
export { createPrng, type Prng } from './prng';
export { schemaDefects, validExtras } from './schemaDefects';
export type { FieldDefect, FuzzCase, FuzzFamily } from './types';
