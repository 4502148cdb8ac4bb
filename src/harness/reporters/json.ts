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
  return out;
}

/**
 * The stable JSON report (`schemaVersion: 1`), keys in documented order.
 * @example fs.writeFileSync('report.json', renderJson(await runConformance(opts)));
 */
export function renderJson(report: Report): string {
  const out: Report = {
    schemaVersion: 1,
    target: report.target,
    profile: report.profile,
    summary: { ...report.summary },
    results: report.results.map(result),
    streams: report.streams.map((s) => ({ scenario: s.scenario, exchange: s.exchange, class: s.class })),
    startedAt: report.startedAt,
    durationMs: report.durationMs,
  };
  if (report.repeat) out.repeat = report.repeat;
  if (report.clients || report.probes) {
    const { startedAt, durationMs, ...head } = out;
    const tail = {
      ...(report.clients ? { clients: report.clients } : {}),
      ...(report.probes ? { probes: report.probes } : {}),
      startedAt,
      durationMs,
    };
    return `${JSON.stringify({ ...head, ...tail }, null, 2)}\n`;
  }
  return `${JSON.stringify(out, null, 2)}\n`;
}
