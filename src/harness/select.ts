import type { Scenario } from './scenarios/types';
import type { Check } from './types';
import { HarnessFailure } from './types';

function validate(ids: readonly string[], checks: readonly Check[], scenarios: readonly Scenario[]): void {
  const known = new Set([...checks.map((c) => c.id), ...scenarios.map((s) => s.id)]);
  const unknown = ids.filter((id) => !known.has(id));
  if (unknown.length > 0) {
    throw new HarnessFailure('bad-arguments', `unknown check or scenario id: ${unknown.join(', ')}`);
  }
}

function pick<T extends { id: string }>(
  all: readonly T[],
  only: readonly string[],
  skip: readonly string[],
): T[] {
  const wanted = only.filter((id) => all.some((x) => x.id === id));
  return all.filter((x) => (wanted.length === 0 || wanted.includes(x.id)) && !skip.includes(x.id));
}

/**
 * The checks to apply. `--only`/`--skip` take check ids and scenario ids alike: check ids narrow
 * the checks, scenario ids narrow the scenarios, and an unknown id is a bad argument.
 */
export function selectChecks(
  checks: readonly Check[],
  scenarios: readonly Scenario[],
  only: readonly string[] = [],
  skip: readonly string[] = [],
): Check[] {
  validate([...only, ...skip], checks, scenarios);
  return pick(checks, only, skip);
}

/** The scenarios to drive; see {@link selectChecks}. */
export function selectScenarios(
  checks: readonly Check[],
  scenarios: readonly Scenario[],
  only: readonly string[] = [],
  skip: readonly string[] = [],
): Scenario[] {
  validate([...only, ...skip], checks, scenarios);
  return pick(scenarios, only, skip);
}
