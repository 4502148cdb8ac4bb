import type { Check } from '../types';

/** Frame, chunk and sequence checks (one file each in this folder). */
export const STREAM_CHECKS: readonly Check[] = [];
