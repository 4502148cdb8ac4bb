import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CheckContext, CheckOutcome, Finding } from '../../../src/harness/types';

/** Raw text of a fixture in test/fixtures/service (each named after the defect it shows). */
export function fixture(name: string): string {
  return readFileSync(join(__dirname, '..', '..', 'fixtures', 'service', name), 'utf8');
}

export const STRICT: CheckContext = { profile: 'strict' };
export const COMPATIBLE: CheckContext = { profile: 'compatible' };

/** The findings of an outcome that must apply; fails the test when the check did not apply. */
export function findingsOf(outcome: CheckOutcome): Finding[] {
  if (!outcome.applies) throw new Error(`expected the check to apply, it said: ${outcome.reason}`);
  return outcome.findings;
}

/** A chat request body; `extra` sets or overrides fields. */
export function chatRequest(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }], ...extra };
}
