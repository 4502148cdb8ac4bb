import type { CheckResult, Verdict } from '../../types';
import { describeResult } from '../location';
import { anchorId, escapeHtml } from './escape';
import { type CheckGroup, NO_SCENARIO } from './groups';

/** The mark a matrix cell shows for a verdict. */
export const CELL_MARK: Record<Verdict, string> = { pass: '✓', fail: '✗', warn: '!', skip: '–' };

/** The id of a check's drill-down (`<details>`) in the findings section. */
export function checkAnchor(check: string): string {
  return anchorId('check', check);
}

/** The id of one check × scenario drill-down. */
export function resultAnchor(check: string, scenario: string): string {
  return anchorId('result', check, scenario);
}

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function cell(r: CheckResult | undefined): string {
  if (!r) return '<td class="cell none" title="does not apply"></td>';
  const title = escapeHtml(
    `${r.scenario} · ${r.check}: ${r.verdict.toUpperCase()} ${clip(describeResult(r), 300)}`,
  );
  const mark = CELL_MARK[r.verdict];
  const inner =
    r.verdict === 'fail' || r.verdict === 'warn'
      ? `<a href="#${resultAnchor(r.check, r.scenario)}" aria-label="${escapeHtml(r.verdict)}">${mark}</a>`
      : mark;
  return `<td class="cell c-${r.verdict}" title="${title}">${inner}</td>`;
}

function row(g: CheckGroup, scenarios: readonly string[]): string {
  const byScenario = new Map(g.results.map((r) => [r.scenario, r] as const));
  const name =
    g.verdict === 'fail' || g.verdict === 'warn'
      ? `<a href="#${checkAnchor(g.check)}">${escapeHtml(g.check)}</a>`
      : escapeHtml(g.check);
  const head = `<th class="check" scope="row">${name}</th><td class="sev">${escapeHtml(g.severity)}</td>`;
  const ranNowhere = g.results.every((r) => r.scenario === NO_SCENARIO);
  const cells = ranNowhere
    ? `<td class="c-skip" colspan="${scenarios.length}"><a href="#${anchorId('skipped', g.check)}">not run (see Skipped)</a></td>`
    : scenarios.map((s) => cell(byScenario.get(s))).join('');
  return `<tr class="row-${g.verdict}" id="${anchorId('row', g.check)}">${head}${cells}</tr>`;
}

/**
 * The checks × scenarios table: one row per check (its name coloured by its worst verdict), one
 * column per scenario, a ✓ ✗ ! – cell per result; failing and warning cells link to their
 * drill-down, hatched cells are checks that do not apply to that scenario.
 */
export function matrixHtml(groups: readonly CheckGroup[], scenarios: readonly string[]): string {
  const head = `<tr><th scope="col">check</th><th scope="col">severity</th>${scenarios
    .map((s) => `<th class="scenario" scope="col">${escapeHtml(s)}</th>`)
    .join('')}</tr>`;
  const legend = `<p class="legend muted"><span>${CELL_MARK.pass} pass</span><span>${CELL_MARK.fail} fail</span><span>${CELL_MARK.warn} warning</span><span>${CELL_MARK.skip} skipped</span><span>hatched: does not apply</span></p>`;
  return [
    legend,
    '<table class="matrix">',
    `<thead>${head}</thead>`,
    `<tbody>${groups.map((g) => row(g, scenarios)).join('\n')}</tbody>`,
    '</table>',
  ].join('\n');
}
