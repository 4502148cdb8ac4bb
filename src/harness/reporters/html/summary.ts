import type { Report, Verdict } from '../../types';
import { escapeHtml } from './escape';

/** The tool version a report carries, when its producer recorded one. */
export function toolVersionOf(report: Report): string | undefined {
  const v = (report as Report & { toolVersion?: unknown }).toolVersion;
  return typeof v === 'string' ? v : undefined;
}

/** A verdict badge: coloured, and its word, so it reads in print and without colour. */
export function verdictBadge(verdict: Verdict): string {
  return `<span class="verdict v-${verdict}">${verdict.toUpperCase()}</span>`;
}

function duration(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/**
 * The report's head: an overall banner (failed when a `must` check failed), target, profile, tool
 * version, start time, duration and the verdict counts.
 */
export function summaryHtml(report: Report, title = 'chat-contract check'): string {
  const mustFails = report.results.filter((r) => r.verdict === 'fail' && r.severity === 'must');
  const failedChecks = new Set(mustFails.map((r) => r.check)).size;
  const { pass, fail, warn, skip } = report.summary;
  const banner =
    mustFails.length > 0
      ? `<div class="banner v-fail">FAILED: ${mustFails.length} must failure${mustFails.length === 1 ? '' : 's'} in ${failedChecks} check${failedChecks === 1 ? '' : 's'}</div>`
      : `<div class="banner v-pass">PASSED: no must failure${warn ? `, ${warn} warning${warn === 1 ? '' : 's'}` : ''}</div>`;
  const version = toolVersionOf(report);
  const facts: Array<[string, string]> = [
    ['Target', `<span class="mono">${escapeHtml(report.target)}</span>`],
    ['Profile', escapeHtml(report.profile)],
  ];
  if (version) facts.push(['Tool', `chat-contract ${escapeHtml(version)}`]);
  facts.push(
    ['Started', escapeHtml(report.startedAt)],
    ['Duration', escapeHtml(duration(report.durationMs))],
  );
  const counts: Array<[Verdict, number, string]> = [
    ['pass', pass, 'passed'],
    ['fail', fail, 'failed'],
    ['warn', warn, 'warnings'],
    ['skip', skip, 'skipped'],
  ];
  return [
    '<header>',
    `<h1>${escapeHtml(title)}</h1>`,
    banner,
    `<dl class="facts">${facts.map(([k, v]) => `<dt>${k}</dt><dd>${v}</dd>`).join('')}</dl>`,
    `<p class="counts">${counts.map(([v, n, word]) => `<span>${verdictBadge(v)} ${n} ${word}</span>`).join('')}</p>`,
    '</header>',
  ].join('\n');
}
