/**
 * The Markdown report, for `$GITHUB_STEP_SUMMARY` and pull-request comments, and the pieces it is
 * built from. It is plain GitHub-flavoured Markdown with no raw HTML at all (not even
 * `<details>`, which GitHub would keep): it reads the same in a step summary, a PR comment, GitLab
 * or a terminal, and no server byte can turn into markup.
 */
import type { CheckResult, ProbeResult, Report, Verdict } from '../../types';
import { type CheckGroup, groupByCheck, NO_SCENARIO } from '../html/groups';
import { toolVersionOf } from '../html/summary';
import { describeResult } from '../location';
import { mdCode, mdEscape, mdFence, mdTable } from './escape';

export { mdCode, mdEscape, mdFence, mdTable } from './escape';

/** How much of a report the Markdown keeps: GitHub caps a PR comment at 65,536 characters. */
export interface MarkdownLimits {
  /** Scenarios per check shown with evidence and curl; the rest are named. */
  scenariosPerCheck: number;
  /** Evidence lines per finding. */
  evidenceLines: number;
  /** Characters per evidence line. */
  lineChars: number;
  /** Stop adding failure details past this many characters. */
  maxChars: number;
}

/** The limits `renderMarkdown` uses unless told otherwise. */
export const MARKDOWN_LIMITS: MarkdownLimits = {
  scenariosPerCheck: 3,
  evidenceLines: 20,
  lineChars: 400,
  maxChars: 60_000,
};

const ICON: Record<Verdict, string> = { pass: '✅ PASS', fail: '❌ FAIL', warn: '⚠️ WARN', skip: '⏭️ SKIP' };

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function seconds(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/** The heading with the overall outcome and the one-row summary table. */
export function summaryMarkdown(report: Report, title = 'chat-contract check'): string {
  const mustFails = report.results.filter((r) => r.verdict === 'fail' && r.severity === 'must').length;
  const outcome =
    mustFails > 0 ? `❌ FAILED (${mustFails} must failure${mustFails === 1 ? '' : 's'})` : '✅ PASSED';
  const { pass, fail, warn, skip } = report.summary;
  const version = toolVersionOf(report);
  const head = [
    'Target',
    'Profile',
    ...(version ? ['Tool'] : []),
    'Passed',
    'Failed',
    'Warnings',
    'Skipped',
    'Duration',
  ];
  const row = [
    mdCode(report.target),
    mdEscape(report.profile),
    ...(version ? [mdEscape(version)] : []),
    String(pass),
    String(fail),
    String(warn),
    String(skip),
    seconds(report.durationMs),
  ];
  return `## ${mdEscape(title)}: ${outcome}\n\n${mdTable(head, [row])}`;
}

function badResults(g: CheckGroup): CheckResult[] {
  return g.results.filter((r) => r.verdict === 'fail' || r.verdict === 'warn');
}

/** One row per failing or warning check: verdict, severity, the scenarios it failed in, its rule. */
export function failingChecksMarkdown(groups: readonly CheckGroup[]): string {
  const rows = groups
    .filter((g) => g.verdict === 'fail' || g.verdict === 'warn')
    .map((g) => {
      const bad = badResults(g);
      return [
        mdCode(g.check),
        ICON[g.verdict],
        mdEscape(g.severity),
        `${bad.length} of ${g.results.length}: ${bad.map((r) => mdEscape(r.scenario)).join(', ')}`,
        mdEscape(g.rule),
      ];
    });
  return mdTable(['Check', 'Verdict', 'Severity', 'Scenarios', 'Rule'], rows);
}

function evidenceBlock(
  evidence: readonly string[],
  lines: readonly number[] | undefined,
  limits: MarkdownLimits,
): string {
  const numbered = lines !== undefined && lines.length === evidence.length;
  const width = numbered ? String(Math.max(...lines)).length : 0;
  const shown = evidence.slice(0, limits.evidenceLines).map((text, i) => {
    const gutter = numbered ? `${String(lines[i]).padStart(width)} | ` : '';
    return `${gutter}${clip(text, limits.lineChars)}`;
  });
  if (evidence.length > shown.length) shown.push(`… ${evidence.length - shown.length} more lines`);
  return mdFence(shown.join('\n'), 'text');
}

/** One scenario's failure: its first finding's location and message, evidence, and curl. */
export function resultMarkdown(r: CheckResult, limits: MarkdownLimits = MARKDOWN_LIMITS): string {
  const out = [`**${mdEscape(r.scenario)}**: ${mdEscape(describeResult(r))}`];
  const first = r.findings?.[0];
  const evidence = first?.evidence ?? r.evidence;
  const lines = first ? first.lines : r.lines;
  if (evidence?.length) {
    out.push('', 'Evidence:', '', evidenceBlock(evidence, lines, limits));
  }
  if (r.curl) out.push('', 'Reproduce:', '', mdFence(r.curl, 'sh'));
  return out.join('\n');
}

/** A failing or warning check: rule, then the first scenarios in full and the rest by name. */
export function checkMarkdown(g: CheckGroup, limits: MarkdownLimits = MARKDOWN_LIMITS): string {
  const bad = badResults(g);
  const shown = bad.slice(0, limits.scenariosPerCheck);
  const rest = bad.slice(shown.length);
  const out = [
    `### ${ICON[g.verdict]} ${mdCode(g.check)} (${mdEscape(g.severity)}): ${bad.length} of ${g.results.length} scenario${g.results.length === 1 ? '' : 's'}`,
    '',
    `> Rule: ${mdEscape(g.rule)}`,
  ];
  for (const r of shown) out.push('', resultMarkdown(r, limits));
  if (rest.length) out.push('', `Also in: ${rest.map((r) => mdEscape(r.scenario)).join(', ')}.`);
  return out.join('\n');
}

/** Skipped checks, one bullet each with its reason (clipped). */
export function skippedMarkdown(groups: readonly CheckGroup[]): string {
  return groups
    .flatMap((g) => g.results.filter((r) => r.verdict === 'skip'))
    .map((r) => {
      const where = r.scenario === NO_SCENARIO ? '' : ` in ${mdEscape(r.scenario)}`;
      return `- ${mdCode(r.check)} (${mdEscape(r.severity)})${where}: ${mdEscape(clip(r.message, 300))}`;
    })
    .join('\n');
}

function tally(values: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts].map(([v, n]) => `${n} ${mdEscape(v)}`).join(', ') || 'none';
}

/**
 * Stream classes counted; with `detail`, a table of every stream that did not end as a success
 * (a passing run keeps it to the count: its errors and hang-ups are the ones it asked for).
 */
export function streamsMarkdown(streams: Report['streams'], detail = true): string {
  const others = streams.filter((s) => s.class !== 'success');
  const out = [`Streams, as a client would see them: ${tally(streams.map((s) => s.class))}.`];
  if (detail && others.length)
    out.push(
      '',
      mdTable(
        ['Scenario', 'Exchange', 'Class'],
        others.map((s) => [mdEscape(s.scenario), mdCode(s.exchange), mdEscape(s.class)]),
      ),
    );
  return out.join('\n');
}

/** Official clients' outcomes counted, then a table of every outcome other than `raised error`. */
export function clientsMarkdown(clients: NonNullable<Report['clients']>): string {
  const odd = clients.filter((c) => c.outcome !== 'raised error');
  const out = [`Official clients on injected faults: ${tally(clients.map((c) => c.outcome))}.`];
  if (odd.length)
    out.push(
      '',
      mdTable(
        ['Scenario', 'Client', 'Outcome'],
        odd.map((c) => [mdEscape(c.scenario), mdEscape(c.client), mdEscape(c.outcome)]),
      ),
    );
  return out.join('\n');
}

/** Which request parameters the target honours (`--probes`): a table with each verdict's first evidence line. */
export function probesMarkdown(probes: readonly ProbeResult[]): string {
  return [
    `Parameters probed: ${tally(probes.map((p) => p.verdict))}.`,
    '',
    mdTable(
      ['Parameter', 'Verdict', 'Evidence'],
      probes.map((p) => [mdCode(p.parameter), mdEscape(p.verdict), mdEscape(p.evidence[0] ?? '')]),
    ),
  ].join('\n');
}

/**
 * The Markdown report: outcome and counts, a table of failing and warning checks, each one's rule
 * with evidence (in backtick-safe fences) and curl for its first scenarios, skipped checks, stream
 * classes and official-client outcomes (counted; listed when they matter). Details stop at `limits.maxChars` with a note.
 * @example fs.appendFileSync(process.env.GITHUB_STEP_SUMMARY, renderMarkdown(report));
 */
export function renderMarkdown(report: Report, limits: MarkdownLimits = MARKDOWN_LIMITS): string {
  const groups = groupByCheck(report.results);
  const bad = groups.filter((g) => g.verdict === 'fail' || g.verdict === 'warn');
  const parts = [summaryMarkdown(report)];
  if (bad.length > 0) {
    parts.push(failingChecksMarkdown(groups));
    let size = parts.join('\n\n').length;
    for (const [i, g] of bad.entries()) {
      const text = checkMarkdown(g, limits);
      if (size + text.length > limits.maxChars) {
        const left = bad.slice(i).map((x) => mdCode(x.check));
        parts.push(
          `${left.length} more checks not detailed here (size limit): ${left.join(', ')}; see the JSON or HTML report.`,
        );
        break;
      }
      parts.push(text);
      size += text.length + 2;
    }
  }
  const skipped = skippedMarkdown(groups);
  if (skipped) parts.push('### Skipped', skipped);
  parts.push(streamsMarkdown(report.streams, bad.length > 0));
  if (report.clients?.length) parts.push(clientsMarkdown(report.clients));
  if (report.probes?.length) parts.push(probesMarkdown(report.probes));
  return `${parts.join('\n\n')}\n`;
}
