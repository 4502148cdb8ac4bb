import type { CheckResult, Verdict } from '../types';

/** One check's failing or warning results across scenarios, for the pretty report. */
export interface CheckGroup {
  check: string;
  verdict: Extract<Verdict, 'fail' | 'warn'>;
  severity: CheckResult['severity'];
  rule: string;
  results: CheckResult[];
}

/** Results that share a message: counted once, with the scenarios they came from. */
export interface SameFinding {
  first: CheckResult;
  scenarios: string[];
}

/** Failing and warning results grouped by check, failures first, each in report order. */
export function groupByCheck(results: readonly CheckResult[]): CheckGroup[] {
  const groups = new Map<string, CheckGroup>();
  for (const r of results) {
    if (r.verdict !== 'fail' && r.verdict !== 'warn') continue;
    const key = `${r.verdict} ${r.check}`;
    const group = groups.get(key) ?? {
      check: r.check,
      verdict: r.verdict,
      severity: r.severity,
      rule: r.rule,
      results: [],
    };
    group.results.push(r);
    groups.set(key, group);
  }
  return [...groups.values()].sort((a, b) => (a.verdict === b.verdict ? 0 : a.verdict === 'fail' ? -1 : 1));
}

/** Results with identical messages folded into one entry (first occurrence order). */
export function sameFindings(results: readonly CheckResult[]): SameFinding[] {
  const byMessage = new Map<string, SameFinding>();
  for (const r of results) {
    const key = `${r.message}\u0000${r.more ?? 0}`;
    const seen = byMessage.get(key);
    if (seen) seen.scenarios.push(r.scenario);
    else byMessage.set(key, { first: r, scenarios: [r.scenario] });
  }
  return [...byMessage.values()];
}

/** `n thing` or `n things`. */
export function plural(n: number, thing: string): string {
  return `${n} ${thing}${n === 1 ? '' : 's'}`;
}

/** Up to `max` names, then how many more. */
export function nameList(names: readonly string[], max = 6): string {
  const shown = names.slice(0, max).join(', ');
  return names.length > max ? `${shown}, … (${names.length - max} more)` : shown;
}
