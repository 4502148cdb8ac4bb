import type { Check } from '../types';

/** Non-stream, delivery, error, failure and concurrency checks (one file each in this folder). */
export const SERVICE_CHECKS: readonly Check[] = [];
