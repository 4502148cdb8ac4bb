import type { CheckResult, Report } from '../types';

function result(r: CheckResult): CheckResult {
  const out: CheckResult = {
    scenario: r.scenario,
    check: r.check,
    verdict: r.verdict,
    severity: r.severity,
    rule: r.rule,
    message: r.message,
  };
  if (r.exchange !== undefined) out.exchange = r.exchange;
  if (r.event !== undefined) out.event = r.event;
  if (r.lines) out.lines = r.lines;
  if (r.evidence) out.evidence = r.evidence;
  if (r.more) out.more = r.more;
  if (r.tolerated) out.tolerated = r.tolerated;
  if (r.findings) out.findings = r.findings;
  if (r.curl) out.curl = r.curl;
  if (r.source) out.source = r.source;
  return out;
}

/**
 * The stable JSON report (`schemaVersion: 1`), keys in documented order: `schemaVersion`,
 * `toolVersion`, `command`, `target`, `profile`, `summary` (with `deselected`), `failureHandling`
 * (when fault scenarios were selected), `results` (each with its `rule`), `streams`, `exchanges`
 * (status and `durationMs` of each), `repeat` (with `--repeat`), `clients` (always, maybe empty), `startedAt`, `durationMs`.
 * @example fs.writeFileSync('report.json', renderJson(await runConformance(opts)));
 */
export function renderJson(report: Report): string {
  const out: Report = {
    schemaVersion: 1,
    ...(report.toolVersion ? { toolVersion: report.toolVersion } : {}),
    ...(report.command ? { command: report.command } : {}),
    target: report.target,
    profile: report.profile,
    summary: { ...report.summary, deselected: report.summary.deselected ?? 0 },
    ...(report.failureHandling ? { failureHandling: report.failureHandling } : {}),
    results: report.results.map(result),
    streams: report.streams.map((s) => ({ scenario: s.scenario, exchange: s.exchange, class: s.class })),
    exchanges: (report.exchanges ?? []).map((e) => ({ ...e })),
    ...(report.repeat ? { repeat: report.repeat } : {}),
    clients: (report.clients ?? []).map((c) => ({ ...c })),
    ...(report.probes ? { probes: report.probes } : {}),
    startedAt: report.startedAt,
    durationMs: report.durationMs,
  };
  return `${JSON.stringify(out, null, 2)}\n`;
}
