import { probeTable } from '../probe';
import { CHECKS } from '../registry';
import type { Check, CheckResult, Report } from '../types';
import { type CheckGroup, groupByCheck, nameList, plural, sameFindings } from './groups';
import { describeResult } from './location';
import { clientLines, scenarioLines, streamLines } from './tables';
import { oneLine, type Painter, painter } from './text';

/** Options of {@link renderPretty}. */
export interface PrettyOptions {
  /** Show every scenario's pass count and the full stream and client tables. */
  verbose?: boolean;
  /** ANSI colours; the CLI turns them on for a terminal without `NO_COLOR`. */
  color?: boolean;
  /** The registry the rules come from (default: all checks). */
  checks?: readonly Check[];
}

/** Distinct findings of a check shown besides the first, before the rest is only counted. */
const MORE_FINDINGS_SHOWN = 3;

/** What the failure checks could not do, said where nobody misses it. */
export const FAILURE_HANDLING_UNTESTED =
  'failure handling NOT tested: rerun with --fault-upstream if the target is a proxy, or --fault-directives if it honours directives';

/** Where a result is, for people: its scenario (unless a recording names itself) and location. */
function where(r: CheckResult): string {
  return oneLine(r.source ? describeResult(r) : `${r.scenario} ${describeResult(r)}`);
}

/** One check's block: the rule once, its first finding in full, the others counted. */
function groupLines(
  group: CheckGroup,
  rules: ReadonlyMap<string, string>,
  paint: Painter,
  unit: string,
): string[] {
  const mark = group.verdict === 'fail' ? paint('fail', 'FAIL') : paint('warn', 'WARN');
  const scenarios = new Set(group.results.map((r) => r.scenario));
  const out = [
    `${mark}  ${paint('bold', group.check)} (${group.severity}) in ${plural(scenarios.size, unit)}`,
    `      rule: ${rules.get(group.check) ?? group.rule}`,
  ];
  const [first, ...others] = sameFindings(group.results);
  if (!first) return out;
  out.push(`      ${where(first.first)}`);
  for (const line of first.first.evidence ?? []) out.push(`        ${paint('dim', '|')} ${oneLine(line)}`);
  if (first.first.curl) out.push(`      reproduce: ${first.first.curl}`);
  if (first.scenarios.length > 1) {
    const rest = first.scenarios.slice(1);
    out.push(`      same finding in ${plural(rest.length, `more ${unit}`)}: ${nameList(rest)}`);
  }
  for (const other of others.slice(0, MORE_FINDINGS_SHOWN)) {
    const also = other.scenarios.length > 1 ? ` (also in ${nameList(other.scenarios.slice(1), 3)})` : '';
    out.push(`      ${where(other.first)}${also}`);
  }
  const hidden = others.slice(MORE_FINDINGS_SHOWN);
  if (hidden.length > 0) {
    const count = hidden.reduce((n, f) => n + f.scenarios.length, 0);
    out.push(
      `      … ${plural(hidden.length, 'more finding')} in ${plural(count, 'result')} (--report json lists all)`,
    );
  }
  return out;
}

/** The closing short summary: each failing or warning check with its scenario count, then totals. */
function summaryLines(report: Report, groups: readonly CheckGroup[], paint: Painter, unit: string): string[] {
  const out: string[] = [];
  if (groups.length > 0) {
    out.push(paint('bold', 'short summary'));
    for (const g of groups) {
      const mark = g.verdict === 'fail' ? paint('fail', 'FAIL') : paint('warn', 'WARN');
      const n = new Set(g.results.map((r) => r.scenario)).size;
      out.push(`${mark}  ${g.check} (${g.severity}): ${plural(n, unit)}`);
    }
  }
  const { pass, fail, warn, skip, deselected = 0 } = report.summary;
  const mustFails = report.results.filter((r) => r.verdict === 'fail' && r.severity === 'must').length;
  const parts = [
    paint(pass > 0 ? 'pass' : 'dim', `${pass} passed`),
    paint(fail > 0 ? 'fail' : 'dim', `${fail} failed${fail > 0 ? ` (${mustFails} must)` : ''}`),
    paint(warn > 0 ? 'warn' : 'dim', plural(warn, 'warning')),
    `${skip} skipped`,
  ];
  if (deselected > 0) parts.push(`${deselected} deselected`);
  out.push(`${parts.join(', ')} in ${report.durationMs} ms`);
  return out;
}

/**
 * Human-readable report, quiet when green and grouped when red: each failing or warning check once
 * (rule, first finding with its raw lines and curl, the other scenarios counted), one line per
 * skipped check with its reason, a warning when failure handling went untested, the stream and
 * client tables when something failed (or `verbose`), and a short summary with the totals last.
 * @example process.stdout.write(renderPretty(report, { color: process.stdout.isTTY }));
 */
export function renderPretty(report: Report, options: PrettyOptions = {}): string {
  const rules = new Map((options.checks ?? CHECKS).map((c) => [c.id, c.rule] as const));
  const verbose = options.verbose ?? false;
  const paint = painter(options.color ?? false);
  const command = report.command ?? 'check';
  // check-transcript's scenarios are the recordings it was given.
  const unit = command === 'check-transcript' ? 'recording' : 'scenario';
  const out = [paint('bold', `chat-contract ${command} ${report.target} (profile ${report.profile})`), ''];
  if (verbose) out.push(...scenarioLines(report), '');
  const groups = groupByCheck(report.results);
  for (const group of groups) out.push(...groupLines(group, rules, paint, unit), '');
  if (groups.length === 0) {
    const judged = new Set(report.results.filter((r) => r.verdict === 'pass').map((r) => r.check)).size;
    const scenarios = new Set(report.results.filter((r) => r.verdict === 'pass').map((r) => r.scenario)).size;
    out.push(
      `${paint('pass', 'no failures')}: ${plural(judged, 'check')} passed on ${plural(scenarios, 'scenario')}`,
    );
  }
  for (const r of report.results.filter((x) => x.verdict === 'skip')) {
    out.push(`${paint('skip', 'SKIP')}  ${r.check} (${r.severity}): ${oneLine(r.message)}`);
  }
  if (report.failureHandling === 'untested')
    out.push('', paint('fail', paint('bold', FAILURE_HANDLING_UNTESTED)));
  if (groups.length > 0 || verbose) {
    out.push(...streamLines(report, verbose), ...clientLines(report, verbose));
  }
  if (report.probes?.length) out.push('', 'parameters (probes):', ...probeTable(report.probes));
  out.push('', ...summaryLines(report, groups, paint, unit), '');
  // Blocks each open with a blank line; where two meet, one is enough.
  return out.filter((line, i) => !(line === '' && out[i - 1] === '')).join('\n');
}
