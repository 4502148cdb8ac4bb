import { type ConformanceOptions, runConformance } from '../runConformance';
import type { CheckResult, IntermittentResult, Report, Verdict } from '../types';

/** Worst first: the verdict a repeated row shows. */
const RANK: Record<Verdict, number> = { fail: 3, warn: 2, pass: 1, skip: 0 };

function key(r: Pick<CheckResult, 'scenario' | 'check'>): string {
  return `${r.scenario}\u0000${r.check}`;
}

/** Prose for an intermittent row, e.g. "failed in 2 of 3 runs". */
export function intermittentText(i: Pick<IntermittentResult, 'failedRuns' | 'runs'>): string {
  return `failed in ${i.failedRuns} of ${i.runs} runs`;
}

/**
 * Combines the reports of repeated runs against one target into one report: each row shows the
 * worst verdict any run gave; a check that failed (or warned) in some runs and passed in others is
 * listed in `repeat.intermittent` with its count, and its row's message says so. Stream classes and
 * client outcomes of every run are kept, labelled by run.
 * @example combineRuns([await runConformance(o), await runConformance(o)]).repeat?.intermittent
 */
export function combineRuns(reports: readonly Report[]): Report {
  const first = reports[0];
  if (!first) throw new Error('combineRuns needs at least one report');
  if (reports.length === 1) return first;
  const runs = reports.length;
  const rows = new Map<string, CheckResult[]>();
  for (const report of reports)
    for (const r of report.results) rows.set(key(r), [...(rows.get(key(r)) ?? []), r]);
  const results: CheckResult[] = [];
  const intermittent: IntermittentResult[] = [];
  for (const seen of rows.values()) {
    const worst = seen.reduce((a, b) => (RANK[b.verdict] > RANK[a.verdict] ? b : a));
    const bad = seen.filter((r) => r.verdict === 'fail' || r.verdict === 'warn').length;
    const passed = seen.filter((r) => r.verdict === 'pass').length;
    // A row missing from some runs (the check did not apply there) counts only the runs it judged.
    if (bad > 0 && passed > 0) {
      const i: IntermittentResult = {
        scenario: worst.scenario,
        check: worst.check,
        severity: worst.severity,
        failedRuns: bad,
        runs: bad + passed,
      };
      intermittent.push(i);
      results.push({ ...worst, message: `${intermittentText(i)}: ${worst.message}` });
    } else results.push(worst);
  }
  const summary = { pass: 0, fail: 0, warn: 0, skip: 0, deselected: first.summary.deselected ?? 0 };
  for (const r of results) summary[r.verdict]++;
  const label = (run: number, exchange: string) => `${exchange} (run ${run + 1})`;
  const clients = reports.flatMap((r, run) =>
    (r.clients ?? []).map((c) => ({ ...c, scenario: `${c.scenario} (run ${run + 1})` })),
  );
  return {
    ...first,
    summary,
    results,
    streams: reports.flatMap((r, run) => r.streams.map((s) => ({ ...s, exchange: label(run, s.exchange) }))),
    ...(clients.length > 0 ? { clients } : {}),
    durationMs: reports.reduce((sum, r) => sum + r.durationMs, 0),
    repeat: { runs, intermittent },
  };
}

/**
 * Runs the conformance `times` times in a row against one target and combines the reports
 * ({@link combineRuns}): a defect that shows only in some runs is reported as intermittent.
 * @example const report = await runRepeated({ baseUrl, faultDirectives: true }, 3);
 */
export async function runRepeated(
  options: ConformanceOptions,
  times: number,
  run: (o: ConformanceOptions) => Promise<Report> = runConformance,
): Promise<Report> {
  const reports: Report[] = [];
  for (let i = 0; i < Math.max(1, Math.min(times, 1000)); i++) reports.push(await run(options));
  return combineRuns(reports);
}
