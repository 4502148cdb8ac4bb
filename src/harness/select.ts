import type { Scenario } from './scenarios/types';
import { didYouMean } from './suggest';
import type { Check } from './types';
import { HarnessFailure } from './types';

function validate(ids: readonly string[], checks: readonly Check[], scenarios: readonly Scenario[]): void {
  const known = [...checks.map((c) => c.id), ...scenarios.map((s) => s.id)];
  const unknown = ids.filter((id) => !known.includes(id));
  if (unknown.length > 0) {
    const named = unknown.map((id) => `${id}${didYouMean(id, known)}`).join(', ');
    throw new HarnessFailure(
      'bad-arguments',
      `unknown check or scenario id: ${named}; \`chat-contract list-checks\` lists them`,
    );
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

/** Whether `--only`/`--skip` name any scenario id, so some scenarios are left out. */
export function narrowsScenarios(
  scenarios: readonly Scenario[],
  only: readonly string[] = [],
  skip: readonly string[] = [],
): boolean {
  return [...only, ...skip].some((id) => scenarios.some((s) => s.id === id));
}
