import type { Check, CheckOutcome, CheckResult, Finding, Profile, ScenarioRun, Severity } from '../types';
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

/**
 * Rows for checks that judged nothing: one `skip` row each, under scenario `*`, naming the skipped
 * scenarios and their reasons (a check cannot say which skipped scenario it would have judged, so
 * none is blamed), or saying its scenarios were not run (e.g. filtered out by --only/--skip).
 */
export function skipRows(
  checks: readonly Check[],
  runs: readonly ScenarioRun[],
  results: readonly CheckResult[],
  profile: Profile,
): CheckResult[] {
  const judged = new Set(results.map((r) => r.check));
  const skipped = runs.filter((r) => r.skipped).map((r) => `${r.scenario}: ${r.skipped}`);
  const message =
    skipped.length > 0
      ? `applied to no scenario that ran; skipped scenarios — ${skipped.join('; ')}`
      : 'no scenario this check applies to was run';
  return checks
    .filter((check) => !judged.has(check.id))
    .map((check) => ({
      scenario: '*',
      check: check.id,
      verdict: 'skip' as const,
      severity: effectiveSeverity(check, profile),
      rule: check.rule,
      message,
    }));
}
