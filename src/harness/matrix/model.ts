import { CHECKS } from '../registry';
import type { Finding, ProbeVerdict, Report, Severity, StreamClass, Verdict } from '../types';

/** A cell's verdict: the worst over the check's scenarios; `intermittent` when repeats disagreed. */
export type CellVerdict = Verdict | 'intermittent';

/** One finding shown when a cell is opened: the scenario it comes from and where it is. */
export interface CellFinding extends Pick<Finding, 'exchange' | 'event' | 'lines' | 'evidence'> {
  scenario: string;
  verdict: Verdict;
  message: string;
  curl?: string;
}

/** One check on one target. */
export interface MatrixCell {
  verdict: CellVerdict;
  severity: Severity;
  /** Rows of the target's report for this check, by verdict. */
  counts: Record<Verdict, number>;
  /** With repeats: the scenarios where the check failed in some runs and passed in others. */
  intermittent?: Array<{ scenario: string; failedRuns: number; runs: number }>;
  /** The failing and warning rows, each with its location. */
  findings: CellFinding[];
}

/** One target's row. */
export interface MatrixRow {
  name: string;
  /** The report's target (base URL), absent when the target never answered. */
  target?: string;
  profile?: Report['profile'];
  /** Why the target has no results: it did not answer, or its run failed. */
  error?: { code: string; message: string };
  runs: number;
  summary: Record<CellVerdict, number>;
  /** Check id → cell; checks that gave no row for this target are absent. */
  cells: Record<string, MatrixCell>;
  /** Streamed exchanges by how a client would experience them. */
  streams: Record<StreamClass, number>;
  /** Client outcomes of the fault scenarios: outcome → count. */
  clients: Record<string, number>;
  /** Whether any `must` check failed (steadily or intermittently). */
  mustFailed: boolean;
  /** With probes (`probes: true`, `check --probes`): parameter → what the target did with it. */
  probes?: Record<string, ProbeVerdict>;
}

/** The versioned matrix document: targets × checks. */
export interface Matrix {
  matrixVersion: 1;
  generatedAt: string;
  checks: Array<{ id: string; severity: Severity; rule: string }>;
  targets: MatrixRow[];
}

/** A target's input to the matrix: its report, or why there is none. */
export interface TargetOutcome {
  name: string;
  report?: Report;
  error?: { code: string; message: string };
}

const WORST: readonly CellVerdict[] = ['fail', 'intermittent', 'warn', 'pass', 'skip'];

function zero(): Record<Verdict, number> {
  return { pass: 0, fail: 0, warn: 0, skip: 0 };
}

function cellsOf(report: Report): Record<string, MatrixCell> {
  const cells: Record<string, MatrixCell> = {};
  const intermittent = report.repeat?.intermittent ?? [];
  for (const r of report.results) {
    const cell = cells[r.check] ?? { verdict: 'skip', severity: r.severity, counts: zero(), findings: [] };
    cells[r.check] = cell;
    cell.counts[r.verdict]++;
    if (r.severity === 'must') cell.severity = 'must';
    if (r.verdict === 'fail' || r.verdict === 'warn') {
      const f: CellFinding = { scenario: r.scenario, verdict: r.verdict, message: r.message };
      if (r.exchange !== undefined) f.exchange = r.exchange;
      if (r.event !== undefined) f.event = r.event;
      if (r.lines) f.lines = r.lines;
      if (r.evidence) f.evidence = r.evidence;
      if (r.curl) f.curl = r.curl;
      cell.findings.push(f);
    }
  }
  for (const [check, cell] of Object.entries(cells)) {
    const flaky = intermittent.filter((i) => i.check === check);
    if (flaky.length > 0)
      cell.intermittent = flaky.map((i) => ({
        scenario: i.scenario,
        failedRuns: i.failedRuns,
        runs: i.runs,
      }));
    // A failure seen in every run outranks one seen in some; a cell whose only failures are intermittent says so.
    const steady = cell.findings.filter((f) => !flaky.some((i) => i.scenario === f.scenario));
    const worstSteady = steady.some((f) => f.verdict === 'fail')
      ? 'fail'
      : flaky.length > 0
        ? 'intermittent'
        : steady.some((f) => f.verdict === 'warn')
          ? 'warn'
          : undefined;
    cell.verdict = worstSteady ?? (cell.counts.pass > 0 ? 'pass' : 'skip');
  }
  return cells;
}

/** One row of the matrix from one target's outcome. */
export function matrixRow(outcome: TargetOutcome): MatrixRow {
  const summary: Record<CellVerdict, number> = { ...zero(), intermittent: 0 };
  const streams: Record<StreamClass, number> = {
    success: 0,
    'failed-with-error': 0,
    corrupt: 0,
    truncated: 0,
  };
  const { report } = outcome;
  if (!report) {
    return {
      name: outcome.name,
      error: outcome.error ?? { code: 'internal', message: 'no report' },
      runs: 0,
      summary,
      cells: {},
      streams,
      clients: {},
      mustFailed: false,
    };
  }
  const cells = cellsOf(report);
  for (const cell of Object.values(cells)) summary[cell.verdict]++;
  for (const s of report.streams) streams[s.class]++;
  const clients: Record<string, number> = {};
  for (const c of report.clients ?? []) clients[c.outcome] = (clients[c.outcome] ?? 0) + 1;
  return {
    name: outcome.name,
    target: report.target,
    profile: report.profile,
    runs: report.repeat?.runs ?? 1,
    summary,
    cells,
    streams,
    clients,
    mustFailed: report.results.some((r) => r.verdict === 'fail' && r.severity === 'must'),
    ...(report.probes?.length
      ? { probes: Object.fromEntries(report.probes.map((p) => [p.parameter, p.verdict])) }
      : {}),
  };
}

/**
 * Builds the matrix: one row per target (in the given order), one column per check of the registry
 * that any target judged, each cell the worst verdict over that check's scenarios with counts.
 * @example const m = buildMatrix([{ name: 'ref', report }]); m.targets[0].cells['stable-id'].verdict
 */
export function buildMatrix(
  outcomes: readonly TargetOutcome[],
  options: { now?: () => number } = {},
): Matrix {
  const targets = outcomes.map(matrixRow);
  const used = new Set(targets.flatMap((t) => Object.keys(t.cells)));
  return {
    matrixVersion: 1,
    generatedAt: new Date((options.now ?? Date.now)()).toISOString(),
    checks: CHECKS.filter((c) => used.has(c.id)).map((c) => ({
      id: c.id,
      severity: c.severity,
      rule: c.rule,
    })),
    targets,
  };
}

/** Verdicts worst first, for renderers' legends and ordering. */
export const CELL_VERDICTS = WORST;

/** Exit code of a matrix: 1 when any target has a `must` failure or could not be checked at all. */
export function matrixExitCode(matrix: Matrix): 0 | 1 {
  return matrix.targets.some((t) => t.mustFailed || t.error) ? 1 : 0;
}

/** The probed parameters of a matrix, in first-seen order: the columns of its parameter group. */
export function probedParameters(matrix: Matrix): string[] {
  const seen = new Set<string>();
  for (const t of matrix.targets) for (const p of Object.keys(t.probes ?? {})) seen.add(p);
  return [...seen];
}
