import { probeTable } from '../probe';
import { CHECKS } from '../registry';
import type { Check, CheckResult, Report } from '../types';
import { describeResult } from './location';

const MARK: Record<CheckResult['verdict'], string> = {
  pass: 'PASS',
  fail: 'FAIL',
  warn: 'WARN',
  skip: 'SKIP',
};

function indent(lines: readonly string[], by: string): string[] {
  return lines.map((l) => `${by}${l}`);
}

function row(r: CheckResult, rules: ReadonlyMap<string, string>, verbose: boolean): string[] {
  const head = `  ${MARK[r.verdict]}  ${r.check}${r.verdict === 'pass' ? '' : ` (${r.severity})`}`;
  if (r.verdict === 'pass') return verbose ? [head] : [];
  if (r.verdict === 'skip') return [`${head}: ${r.message}`];
  const out = [head];
  const rule = rules.get(r.check);
  if (rule) out.push(`        rule: ${rule}`);
  out.push(`        ${describeResult(r)}`);
  if (r.evidence?.length) out.push('        offending lines:', ...indent(r.evidence, '          | '));
  if (r.verdict === 'fail' && r.curl) out.push('        reproduce:', `          ${r.curl}`);
  return out;
}

/**
 * Human-readable report: results grouped by scenario (passes counted, shown with `verbose`), the
 * rule, offending raw lines and a reproducing curl for failures, stream classes and a summary line.
 * @example process.stdout.write(renderPretty(report));
 */
export function renderPretty(
  report: Report,
  options: { verbose?: boolean; checks?: readonly Check[] } = {},
): string {
  const rules = new Map((options.checks ?? CHECKS).map((c) => [c.id, c.rule] as const));
  const verbose = options.verbose ?? false;
  const out = [`chat-contract check ${report.target} (profile ${report.profile})`, ''];
  const byScenario = new Map<string, CheckResult[]>();
  for (const r of report.results) byScenario.set(r.scenario, [...(byScenario.get(r.scenario) ?? []), r]);
  for (const [scenario, rs] of byScenario) {
    const passed = rs.filter((r) => r.verdict === 'pass').length;
    out.push(`${scenario}  (${passed}/${rs.length} passed)`);
    for (const r of rs) out.push(...row(r, rules, verbose));
  }
  if (report.streams.length > 0) {
    out.push('', 'streams (as a client would see them):');
    for (const s of report.streams) out.push(`  ${s.class.padEnd(17)} ${s.scenario} / ${s.exchange}`);
  }
  if (report.clients?.length) {
    out.push('', 'official clients on injected faults:');
    for (const c of report.clients) out.push(`  ${c.scenario} / ${c.client}: ${c.outcome}`);
  }
  if (report.probes?.length) out.push('', 'parameters (probes):', ...probeTable(report.probes));
  const { pass, fail, warn, skip } = report.summary;
  const mustFails = report.results.filter((r) => r.verdict === 'fail' && r.severity === 'must').length;
  out.push(
    '',
    `${pass} passed, ${fail} failed (${mustFails} must), ${warn} warnings, ${skip} skipped in ${report.durationMs} ms`,
    '',
  );
  return out.join('\n');
}
