import { SERVICE_CHECKS } from './checks/group-service';
import { STREAM_CHECKS } from './checks/group-stream';
import type { Check } from './types';

/** Every conformance check, in report order. A test keeps this list, the files and the README table in agreement. */
export const CHECKS: readonly Check[] = [...STREAM_CHECKS, ...SERVICE_CHECKS];

/** Looks a check up by id. */
export function checkById(id: string): Check | undefined {
  return CHECKS.find((c) => c.id === id);
}
