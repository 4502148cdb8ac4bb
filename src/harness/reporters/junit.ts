import type { CheckResult, ProbeResult, Report } from '../types';
import { describeResult } from './location';

/** Escapes text for XML content and attributes; drops characters XML 1.0 cannot hold. */
export function xmlEscape(text: string): string {
  return text
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '\uFFFD')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

function details(r: CheckResult): string {
  const parts = [`rule: ${r.rule}`, describeResult(r)];
  if (r.evidence?.length) parts.push('', 'offending lines:', ...r.evidence.map((l) => `  ${l}`));
  if (r.curl) parts.push('', 'reproduce:', r.curl);
  return xmlEscape(parts.join('\n'));
}

function testcase(r: CheckResult, seconds: string): string {
  const open = `    <testcase classname="${xmlEscape(r.scenario)}" name="${xmlEscape(r.check)}" time="${seconds}">`;
  const attrs = `message="${xmlEscape(describeResult(r))}" type="${xmlEscape(r.severity)}"`;
  if (r.verdict === 'fail')
    return `${open}\n      <failure ${attrs}>${details(r)}</failure>\n    </testcase>`;
  if (r.verdict === 'skip')
    return `${open}\n      <skipped message="${xmlEscape(r.message)}"/>\n    </testcase>`;
  if (r.verdict === 'warn')
    return `${open}\n      <system-out>WARN ${details(r)}</system-out>\n    </testcase>`;
  return `${open}</testcase>`;
}

/** The probes as one suite: honoured passes, inconclusive is skipped, ignored and refused pass with the verdict in `<system-out>` (informational, never a failure). */
export function probeSuite(probes: readonly ProbeResult[]): string {
  const cases = probes.map((p) => {
    const open = `    <testcase classname="probes" name="${xmlEscape(p.parameter)}" time="0">`;
    const text = xmlEscape(`${p.verdict}: ${p.evidence.join('; ')}`);
    if (p.verdict === 'inconclusive') return `${open}\n      <skipped message="${text}"/>\n    </testcase>`;
    return `${open}\n      <system-out>${text}</system-out>\n    </testcase>`;
  });
  const skipped = probes.filter((p) => p.verdict === 'inconclusive').length;
  return [
    `  <testsuite name="probes" tests="${probes.length}" failures="0" errors="0" skipped="${skipped}">`,
    ...cases,
    '  </testsuite>',
  ].join('\n');
}

function count(rs: readonly CheckResult[], verdict: CheckResult['verdict']): number {
  return rs.filter((r) => r.verdict === verdict).length;
}

/** Seconds, as JUnit writes them. */
function secondsOf(ms: number): string {
  return (ms / 1000).toFixed(3);
}

/**
 * JUnit XML: one `<testsuite>` per scenario, one `<testcase>` per check; fail → `<failure>` (the
 * rule, the finding, its raw lines and curl), skip → `<skipped>` (checks that judged nothing sit in
 * suite `not-run`), warn → passes with the finding in `<system-out>`. A testcase's `time` is the
 * time its scenario's exchanges took: every check of a scenario judges the same exchanges.
 * @example fs.writeFileSync('junit.xml', renderJunit(report));
 */
export function renderJunit(report: Report): string {
  const byScenario = new Map<string, CheckResult[]>();
  for (const r of report.results) byScenario.set(r.scenario, [...(byScenario.get(r.scenario) ?? []), r]);
  const scenarioMs = new Map<string, number>();
  for (const e of report.exchanges ?? []) {
    scenarioMs.set(e.scenario, (scenarioMs.get(e.scenario) ?? 0) + e.durationMs);
  }
  const seconds = secondsOf(report.durationMs);
  const suites = [...byScenario].map(([scenario, rs]) => {
    const time = secondsOf(scenarioMs.get(scenario) ?? 0);
    return [
      `  <testsuite name="${xmlEscape(scenario)}" tests="${rs.length}" failures="${count(rs, 'fail')}" errors="0" skipped="${count(rs, 'skip')}" time="${time}">`,
      ...rs.map((r) => testcase(r, time)),
      '  </testsuite>',
    ].join('\n');
  });
  if (report.probes?.length) suites.push(probeSuite(report.probes));
  const { pass, fail, warn, skip } = report.summary;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="chat-contract ${xmlEscape(report.target)} (${report.profile})" tests="${pass + fail + warn + skip}" failures="${fail}" errors="0" skipped="${skip}" time="${seconds}" timestamp="${xmlEscape(report.startedAt)}">`,
    ...suites,
    '</testsuites>',
    '',
  ].join('\n');
}
