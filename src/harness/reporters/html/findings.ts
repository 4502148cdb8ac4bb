import type { CheckResult, Finding } from '../../types';
import { describeResult, locationOf } from '../location';
import { anchorId, escapeHtml, visibleControls } from './escape';
import type { CheckGroup } from './groups';
import { checkAnchor, resultAnchor } from './matrix';
import { verdictBadge } from './summary';

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/**
 * Quoted raw lines as a `<pre>`, each with its 1-based line number in a gutter when the finding
 * says which lines they are; control characters are shown as control pictures.
 */
export function evidenceHtml(evidence: readonly string[], lines?: readonly number[]): string {
  const numbered = lines !== undefined && lines.length === evidence.length;
  const width = numbered ? String(Math.max(...lines)).length : 0;
  const body = evidence
    .map((text, i) => {
      const gutter = numbered ? `<span class="ln">${String(lines[i]).padStart(width)}</span>` : '';
      return `${gutter}${escapeHtml(visibleControls(text))}`;
    })
    .join('\n');
  return `<pre class="evidence">${body}</pre>`;
}

function findingHtml(f: Finding): string {
  const where = locationOf(f);
  const parts = [
    `<div>${where ? `<span class="where">${escapeHtml(where)}</span> ` : ''}${escapeHtml(f.message)}${f.relaxed ? ` <span class="muted">(tolerated in compatible: ${escapeHtml(f.relaxed)})</span>` : ''}</div>`,
  ];
  if (f.evidence?.length) parts.push(evidenceHtml(f.evidence, f.lines));
  return `<div class="finding">${parts.join('\n')}</div>`;
}

/** A result's findings: its own list when it has one, else the first finding its fields describe. */
function findingsOf(r: CheckResult): Finding[] {
  if (r.findings?.length) return r.findings;
  const f: Finding = { message: r.message };
  if (r.exchange !== undefined) f.exchange = r.exchange;
  if (r.event !== undefined) f.event = r.event;
  if (r.lines) f.lines = r.lines;
  if (r.evidence) f.evidence = r.evidence;
  return [f];
}

/**
 * One check × scenario drill-down: a `<details>` whose summary is the scenario and the first
 * finding's one-line description, holding every finding shown (location, message, numbered
 * evidence), the count of findings left out, and the reproducing curl.
 */
export function resultDetailsHtml(r: CheckResult, open = false): string {
  const shown = findingsOf(r);
  const left = r.more !== undefined ? r.more - (shown.length - 1) : 0;
  const body = shown.map(findingHtml);
  if (left > 0) body.push(`<p class="muted">and ${left} more finding${left === 1 ? '' : 's'} not shown</p>`);
  if (r.tolerated?.length)
    body.push(`<p class="muted">tolerated in compatible: ${escapeHtml(r.tolerated.join(', '))}</p>`);
  if (r.curl)
    body.push('<div>Reproduce:</div>', `<pre class="curl">${escapeHtml(visibleControls(r.curl))}</pre>`);
  return [
    `<details class="scenario" id="${resultAnchor(r.check, r.scenario)}"${open ? ' open' : ''}>`,
    `<summary>${verdictBadge(r.verdict)} <strong>${escapeHtml(r.scenario)}</strong> <span class="muted">${escapeHtml(describeResult(r))}</span></summary>`,
    ...body,
    '</details>',
  ].join('\n');
}

/**
 * One failing or warning check's drill-down: a `<details>` (closed; native, so it needs no script
 * and prints open) whose summary names the check, its severity and how many scenarios it failed
 * or warned in; inside, its rule and one {@link resultDetailsHtml} per such scenario, the first open.
 */
export function checkDetailsHtml(g: CheckGroup): string {
  const bad = g.results.filter((r) => r.verdict === 'fail' || r.verdict === 'warn');
  const failed = bad.filter((r) => r.verdict === 'fail').length;
  const warned = bad.length - failed;
  const counts = [failed ? `failed in ${failed}` : '', warned ? `warned in ${warned}` : '']
    .filter(Boolean)
    .join(', ');
  return [
    `<details class="check ${g.verdict}" id="${checkAnchor(g.check)}">`,
    `<summary>${verdictBadge(g.verdict)} ${escapeHtml(g.check)} <span class="muted">(${escapeHtml(g.severity)}) ${counts} of ${g.results.length} scenario${g.results.length === 1 ? '' : 's'}</span></summary>`,
    `<p class="rule">Rule: ${escapeHtml(g.rule)}</p>`,
    ...bad.map((r, i) => resultDetailsHtml(r, i === 0)),
    '</details>',
  ].join('\n');
}

/**
 * The skipped results, one `<details>` per check with each skipped scenario's own reason, so a
 * reader sees what did not run and why (e.g. no fault injection available).
 */
export function skippedHtml(groups: readonly CheckGroup[]): string {
  return groups
    .map((g) => ({ g, skips: g.results.filter((r) => r.verdict === 'skip') }))
    .filter(({ skips }) => skips.length > 0)
    .map(({ g, skips }) =>
      [
        `<details class="check skip" id="${anchorId('skipped', g.check)}">`,
        `<summary>${verdictBadge('skip')} ${escapeHtml(g.check)} <span class="muted">(${escapeHtml(g.severity)}) ${escapeHtml(clip(skips[0]!.message, 110))}</span></summary>`,
        `<p class="rule">Rule: ${escapeHtml(g.rule)}</p>`,
        `<ul>${skips.map((r) => `<li><strong>${escapeHtml(r.scenario)}</strong>: ${escapeHtml(r.message)}</li>`).join('')}</ul>`,
        '</details>',
      ].join('\n'),
    )
    .join('\n');
}
