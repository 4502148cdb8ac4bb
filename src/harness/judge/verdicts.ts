import type { Check, CheckOutcome, CheckResult, Finding, Profile, ScenarioRun, Severity } from '../types';

/** Evidence lines kept per result, so one broken 10,000-chunk stream does not flood a report. */
export const MAX_EVIDENCE_LINES = 20;

/** The severity a check has in a profile. */
export function effectiveSeverity(check: Check, profile: Profile): Severity {
  return profile === 'compatible' ? (check.compatibleSeverity ?? check.severity) : check.severity;
}

function describe(findings: readonly Finding[]): string {
  const first = findings[0];
  const where = first?.exchange ? `[${first.exchange}] ` : '';
  const more = findings.length > 1 ? ` (and ${findings.length - 1} more)` : '';
  return `${where}${first?.message ?? ''}${more}`;
}

function evidenceOf(findings: readonly Finding[]): string[] | undefined {
  const lines = findings.flatMap((f) => f.evidence ?? []);
  if (lines.length === 0) return undefined;
  if (lines.length <= MAX_EVIDENCE_LINES) return lines;
  return [...lines.slice(0, MAX_EVIDENCE_LINES), `… ${lines.length - MAX_EVIDENCE_LINES} more lines`];
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
  const base = { scenario: run.scenario, check: check.id, severity };
  const { findings } = outcome;
  if (findings.length === 0) return { ...base, verdict: 'pass', message: 'ok' };
  const hard = profile === 'compatible' ? findings.filter((f) => !f.relaxed) : findings;
  const shown = hard.length > 0 ? hard : findings;
  const verdict = hard.length > 0 && severity === 'must' ? 'fail' : 'warn';
  let message = describe(shown);
  if (hard.length === 0)
    message += ` (tolerated in compatible: ${[...new Set(findings.map((f) => f.relaxed))].join(', ')})`;
  const result: CheckResult = { ...base, verdict, message };
  const evidence = evidenceOf(shown);
  if (evidence) result.evidence = evidence;
  return result;
}

/** The row of a check that raised instead of reporting: a defect of the harness, shown, never hidden. */
export function crashedCheck(check: Check, run: ScenarioRun, err: unknown, profile: Profile): CheckResult {
  const why = err instanceof Error ? err.message : String(err);
  return {
    scenario: run.scenario,
    check: check.id,
    severity: effectiveSeverity(check, profile),
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
      message,
    }));
}
