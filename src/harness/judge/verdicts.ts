import {
  type Check,
  type CheckOutcome,
  type CheckResult,
  type Finding,
  NOT_RUN,
  type Profile,
  type ScenarioRun,
  type Severity,
} from '../types';
import { capFindings } from './findings';

/** Evidence lines kept per result, so one broken 10,000-chunk stream does not flood a report. */
export const MAX_EVIDENCE_LINES = 20;

/** The severity a check has in a profile. */
export function effectiveSeverity(check: Check, profile: Profile): Severity {
  return profile === 'compatible' ? (check.compatibleSeverity ?? check.severity) : check.severity;
}

/** Evidence lines (and their numbers) of the shown findings, bounded. */
function evidenceOf(findings: readonly Finding[]): Pick<CheckResult, 'evidence' | 'lines'> {
  const evidence = findings.flatMap((f) => f.evidence ?? []);
  const lines = [...new Set(findings.flatMap((f) => f.lines ?? []))].slice(0, MAX_EVIDENCE_LINES);
  const out: Pick<CheckResult, 'evidence' | 'lines'> = {};
  if (evidence.length > 0) {
    out.evidence =
      evidence.length <= MAX_EVIDENCE_LINES
        ? evidence
        : [...evidence.slice(0, MAX_EVIDENCE_LINES), `… ${evidence.length - MAX_EVIDENCE_LINES} more lines`];
  }
  if (lines.length > 0) out.lines = lines;
  return out;
}

/** How many findings a list stands for (a cap's summary finding counts what it left out). */
function countOf(findings: readonly Finding[]): number {
  return findings.reduce((n, f) => n + (f.omitted ?? 1), 0);
}

/**
 * Turns one check's outcome on one scenario into a verdict: no findings → pass; findings → fail on a
 * `must` check, warn on a `should` check. In `compatible` the check's `compatibleSeverity` applies,
 * and when every finding is `relaxed` the result is a warning. A check that does not apply gives no
 * row (`undefined`).
 */
export function verdictFor(
  check: Check,
  run: ScenarioRun,
  outcome: CheckOutcome,
  profile: Profile,
): CheckResult | undefined {
  if (!outcome.applies) return undefined;
  const severity = effectiveSeverity(check, profile);
  const base = { scenario: run.scenario, check: check.id, severity, rule: check.rule };
  const findings = capFindings(outcome.findings);
  if (findings.length === 0) return { ...base, verdict: 'pass', message: 'ok' };
  const hard = profile === 'compatible' ? findings.filter((f) => !f.relaxed) : findings;
  const shown = hard.length > 0 ? hard : findings;
  const verdict = hard.length > 0 && severity === 'must' ? 'fail' : 'warn';
  const first = shown[0]!;
  const result: CheckResult = { ...base, verdict, message: first.message, ...evidenceOf(shown) };
  if (first.exchange !== undefined) result.exchange = first.exchange;
  if (first.event !== undefined) result.event = first.event;
  const more = countOf(shown) - 1;
  if (more > 0) result.more = more;
  result.findings = shown;
  if (hard.length === 0) result.tolerated = [...new Set(findings.map((f) => f.relaxed!))];
  return result;
}

/** The row of a check that raised instead of reporting: a defect of the harness, shown, never hidden. */
export function crashedCheck(check: Check, run: ScenarioRun, err: unknown, profile: Profile): CheckResult {
  const why = err instanceof Error ? err.message : String(err);
  return {
    scenario: run.scenario,
    check: check.id,
    severity: effectiveSeverity(check, profile),
    rule: check.rule,
    verdict: 'fail',
    message: `the check raised an error instead of reporting: ${why}`,
  };
}

/** What {@link skipRows} needs beyond the runs: why each check did not apply, and the selection. */
export interface SkipContext {
  /** Check id → the reasons it gave for not applying to the scenarios that ran. */
  notApplicable: ReadonlyMap<string, readonly string[]>;
  /** True when `--only`/`--skip` left scenarios out: a check that judged nothing was deselected. */
  scenariosNarrowed: boolean;
}

/** The rows for checks that judged nothing, and how many checks the user's selection left out. */
export interface SkipRows {
  rows: CheckResult[];
  deselected: number;
}

/** The most frequent of some reasons (the first one on a tie). */
function mostFrequent(reasons: readonly string[]): string | undefined {
  const counts = new Map<string, number>();
  for (const r of reasons) counts.set(r, (counts.get(r) ?? 0) + 1);
  let best: string | undefined;
  for (const [reason, n] of counts) if (best === undefined || n > counts.get(best)!) best = reason;
  return best;
}

/**
 * Why a check that judged nothing did not judge the skipped scenarios: the scenarios' skip reason
 * when, run on one of them as if it had not been skipped, the check would have looked at it; its
 * own reason when it declines every one for a reason it also gave on the scenarios that ran (a
 * target-wide one, e.g. auth not asked for).
 */
function reasonFromSkipped(
  check: Check,
  skipped: readonly ScenarioRun[],
  ownReasons: readonly string[],
  profile: Profile,
): string | undefined {
  const skipReasons = new Set<string>();
  const own = new Set<string>();
  for (const run of skipped) {
    let declined: string | undefined;
    try {
      const probe = check.run({ ...run, skipped: undefined, exchanges: [] } as ScenarioRun, { profile });
      if (!probe.applies && probe.reason && ownReasons.includes(probe.reason)) declined = probe.reason;
    } catch {
      // A check that cannot read an empty scenario says nothing about it: the skip reason stands.
    }
    if (declined) own.add(declined);
    else skipReasons.add(run.skipped!);
  }
  const reasons = skipReasons.size > 0 ? skipReasons : own;
  return reasons.size > 0 ? [...reasons].join('; ') : undefined;
}

/**
 * Sorts the checks that judged nothing into skipped (one row each, scenario {@link NOT_RUN}, with
 * that check's own reason) and deselected (counted, no row). The reason is, in order:
 * - for skipped scenarios of an intent no scenario that ran had (e.g. the fault scenarios without
 *   fault injection: only they could have fed a failure check), their skip reason, unless the check
 *   would have declined them anyway for a target-wide reason of its own;
 * - else, when `--only`/`--skip` left scenarios out, the check is deselected (its scenarios were);
 * - else the reason the check itself gave most often for not applying (e.g. the auth check: not
 *   asked for), or that no scenario it applies to ran.
 */
export function skipRows(
  checks: readonly Check[],
  runs: readonly ScenarioRun[],
  results: readonly CheckResult[],
  profile: Profile,
  context: SkipContext = { notApplicable: new Map(), scenariosNarrowed: false },
): SkipRows {
  const judged = new Set(results.map((r) => r.check));
  const ranIntents = new Set(runs.filter((r) => !r.skipped).map((r) => r.intent));
  const unseen = runs.filter((r) => r.skipped && !ranIntents.has(r.intent));
  const rows: CheckResult[] = [];
  let deselected = 0;
  for (const check of checks) {
    if (judged.has(check.id)) continue;
    const own = context.notApplicable.get(check.id) ?? [];
    let message = reasonFromSkipped(check, unseen, own, profile);
    if (!message && context.scenariosNarrowed) {
      deselected++;
      continue;
    }
    message ??= mostFrequent(own) ?? 'no scenario this check applies to ran';
    rows.push({
      scenario: NOT_RUN,
      check: check.id,
      verdict: 'skip',
      severity: effectiveSeverity(check, profile),
      rule: check.rule,
      message,
    });
  }
  return { rows, deselected };
}
