import type { CheckResult, Verdict } from '../../types';

/** The scenario id of the one `skip` row a check gets when it applied to no scenario at all. */
export const NO_SCENARIO = '*';

/** One check's results across scenarios, in report order. */
export interface CheckGroup {
  check: string;
  severity: CheckResult['severity'];
  rule: string;
  /** The worst verdict of its results: fail > warn > pass > skip. */
  verdict: Verdict;
  results: CheckResult[];
}

const RANK: Record<Verdict, number> = { fail: 3, warn: 2, pass: 1, skip: 0 };

/** The worse of two verdicts (fail > warn > pass > skip). */
export function worse(a: Verdict, b: Verdict): Verdict {
  return RANK[a] >= RANK[b] ? a : b;
}

/**
 * Results grouped by check, checks in order of first appearance; each group's verdict is its worst.
 * @example groupByCheck(report.results).filter((g) => g.verdict === 'fail')
 */
export function groupByCheck(results: readonly CheckResult[]): CheckGroup[] {
  const groups = new Map<string, CheckGroup>();
  for (const r of results) {
    const g = groups.get(r.check);
    if (g) {
      g.results.push(r);
      g.verdict = worse(g.verdict, r.verdict);
    } else
      groups.set(r.check, {
        check: r.check,
        severity: r.severity,
        rule: r.rule,
        verdict: r.verdict,
        results: [r],
      });
  }
  return [...groups.values()];
}

/** Scenario ids in order of first appearance, without the `*` of checks that ran nowhere. */
export function scenariosOf(results: readonly CheckResult[]): string[] {
  return [...new Set(results.map((r) => r.scenario))].filter((s) => s !== NO_SCENARIO);
}

/** Counts a group's results by verdict. */
export function countVerdicts(results: readonly CheckResult[]): Record<Verdict, number> {
  const counts: Record<Verdict, number> = { pass: 0, fail: 0, warn: 0, skip: 0 };
  for (const r of results) counts[r.verdict]++;
  return counts;
}
