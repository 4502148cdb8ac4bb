/** The HTML report and the pieces it is built from, for other pages (e.g. a multi-target matrix). */
import type { Report } from '../../types';
import { checkDetailsHtml, skippedHtml } from './findings';
import { groupByCheck, scenariosOf } from './groups';
import { matrixHtml } from './matrix';
import { htmlPage } from './page';
import { summaryHtml } from './summary';
import { clientsHtml, probesHtml, streamsHtml } from './tables';

export { anchorId, escapeHtml, visibleControls } from './escape';
export { checkDetailsHtml, evidenceHtml, resultDetailsHtml, skippedHtml } from './findings';
export { type CheckGroup, countVerdicts, groupByCheck, NO_SCENARIO, scenariosOf, worse } from './groups';
export { CELL_MARK, checkAnchor, matrixHtml, resultAnchor } from './matrix';
export { htmlPage, REPORT_CSS, REPORT_SCRIPT } from './page';
export { summaryHtml, toolVersionOf, verdictBadge } from './summary';
export { clientsHtml, probesHtml, streamsHtml } from './tables';

/**
 * The HTML report: one self-contained file (inline CSS and script, no external resources, works
 * from `file://`) with the summary, the checks × scenarios table, a drill-down per failing or
 * warning check (rule, located findings with numbered evidence, curl), the skipped checks with
 * their reasons, and the stream-class and official-client tables. Everything from the report is
 * escaped.
 * @example fs.writeFileSync('report.html', renderHtml(await runConformance(opts)));
 */
export function renderHtml(report: Report): string {
  const groups = groupByCheck(report.results);
  const bad = groups.filter((g) => g.verdict === 'fail' || g.verdict === 'warn');
  const skipped = skippedHtml(groups);
  const body = [
    summaryHtml(report),
    '<div class="controls" hidden><button type="button" data-open="1">Expand all</button><button type="button" data-open="0">Collapse all</button></div>',
    '<h2>Checks × scenarios</h2>',
    matrixHtml(groups, scenariosOf(report.results)),
    '<h2 id="failures">Failures and warnings</h2>',
    bad.length > 0 ? bad.map(checkDetailsHtml).join('\n') : '<p>None.</p>',
  ];
  if (skipped) body.push('<h2 id="skipped">Skipped</h2>', skipped);
  body.push('<h2 id="streams">Streams, as a client would see them</h2>', streamsHtml(report.streams));
  if (report.clients?.length)
    body.push('<h2 id="clients">Official clients on injected faults</h2>', clientsHtml(report.clients));
  if (report.probes?.length) body.push('<h2 id="probes">Parameters (probes)</h2>', probesHtml(report.probes));
  return htmlPage({
    title: `chat-contract check: ${report.target}`,
    body: `<main>\n${body.join('\n')}\n</main>`,
  });
}
