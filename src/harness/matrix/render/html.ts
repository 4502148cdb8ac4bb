import { escapeHtml } from '../../reporters/html/escape';
import { type CellFinding, type Matrix, type MatrixCell, probedParameters } from '../model';
import { cellExplanation, cellText, clientsText, streamsText } from './text';

/** The single-run report's escape: one rule for every page the tool writes. */
const htmlEscape = escapeHtml;

const STYLE = `body{font:14px/1.4 system-ui,sans-serif;margin:1.5rem;color:#222}
table{border-collapse:collapse;margin:1rem 0}th,td{border:1px solid #ccc;padding:.3rem .5rem;vertical-align:top;text-align:left}
th{background:#f4f4f4}td.pass{background:#eaf7ea}td.fail{background:#fbe3e3}td.warn{background:#fff4d6}
td.intermittent{background:#f0e4fb}td.skip{color:#777}summary{cursor:pointer}pre{white-space:pre-wrap;margin:.3rem 0;font-size:12px;background:#f8f8f8;padding:.3rem}
code{font-size:12px}`;

function finding(f: CellFinding): string {
  const where = [f.scenario, f.exchange, f.event !== undefined ? `event ${f.event}` : undefined]
    .filter(Boolean)
    .join(' / ');
  const lines = f.evidence?.length
    ? `<pre>${htmlEscape(f.evidence.map((l, i) => `${f.lines?.[i] !== undefined ? `${f.lines[i]}: ` : ''}${l}`).join('\n'))}</pre>`
    : '';
  const curl = f.curl ? `<pre>${htmlEscape(f.curl)}</pre>` : '';
  return `<li><b>${htmlEscape(f.verdict)}</b> ${htmlEscape(where)}: ${htmlEscape(f.message)}${lines}${curl}</li>`;
}

function cell(c: MatrixCell | undefined): string {
  if (!c) return '<td></td>';
  const text = htmlEscape(cellText(c));
  if (c.findings.length === 0 && !c.intermittent) return `<td class="${c.verdict}">${text}</td>`;
  const flaky = (c.intermittent ?? []).map(
    (i) =>
      `<li><b>intermittent</b> ${htmlEscape(i.scenario)}: failed in ${i.failedRuns} of ${i.runs} runs</li>`,
  );
  return `<td class="${c.verdict}"><details><summary>${text}</summary><ul>${[...flaky, ...c.findings.map(finding)].join('')}</ul></details></td>`;
}

/**
 * The matrix as one self-contained HTML page (inline style, no scripts): checks × targets, each cell
 * that is not a pass opens (`<details>`) to its findings with location, offending lines and curl.
 * @example fs.writeFileSync('matrix.html', renderMatrixHtml(matrix));
 */
/** The parameter column group: what each target did with each probed parameter. */
function probeTable(matrix: Matrix): string {
  const params = probedParameters(matrix);
  if (params.length === 0) return '';
  const head = matrix.targets.map((t) => `<th>${htmlEscape(t.name)}</th>`).join('');
  const rows = params.map(
    (p) =>
      `<tr><th><code>${htmlEscape(p)}</code></th>${matrix.targets.map((t) => `<td>${htmlEscape(t.probes?.[p] ?? '–')}</td>`).join('')}</tr>`,
  );
  return `<h2>Parameters (probes)</h2><table><thead><tr><th>parameter</th>${head}</tr></thead><tbody>\n${rows.join('\n')}\n</tbody></table>`;
}

export function renderMatrixHtml(matrix: Matrix): string {
  const head = matrix.targets.map((t) => `<th>${htmlEscape(t.name)}</th>`).join('');
  const rows = matrix.checks.map(
    (c) =>
      `<tr><th title="${htmlEscape(c.rule)}"><code>${htmlEscape(c.id)}</code> <small>${c.severity}</small></th>${matrix.targets.map((t) => cell(t.cells[c.id])).join('')}</tr>`,
  );
  const summary = matrix.targets.map((t) => {
    const result = t.error
      ? `did not run: ${htmlEscape(`${t.error.code}: ${t.error.message}`)}`
      : `${t.mustFailed ? 'must failure' : 'no must failure'}`;
    return `<tr><th>${htmlEscape(t.name)}</th><td>${htmlEscape(t.target ?? '')}</td><td>${t.runs}</td><td>${htmlEscape(streamsText(t))}</td><td>${htmlEscape(clientsText(t))}</td><td>${result}</td></tr>`;
  });
  const notes = matrix.targets.flatMap((t) =>
    matrix.checks.flatMap((c) => {
      const x = t.cells[c.id];
      if (!x || x.verdict === 'pass' || x.verdict === 'skip') return [];
      return [
        `<li><b>${htmlEscape(t.name)}</b> · <code>${htmlEscape(c.id)}</code> (${x.verdict}): ${htmlEscape(cellExplanation(x))}</li>`,
      ];
    }),
  );
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>chat-contract matrix</title><style>${STYLE}</style></head>
<body><h1>chat-contract compatibility matrix</h1><p>Generated ${htmlEscape(matrix.generatedAt)} (matrixVersion ${matrix.matrixVersion}).</p>
<table><thead><tr><th>check</th>${head}</tr></thead><tbody>
${rows.join('\n')}
</tbody></table>
<h2>Targets</h2><table><thead><tr><th>target</th><th>base URL</th><th>runs</th><th>streams</th><th>clients on faults</th><th>result</th></tr></thead><tbody>
${summary.join('\n')}
</tbody></table>
${probeTable(matrix)}
${notes.length > 0 ? `<h2>Cells that did not pass</h2><ul>${notes.join('\n')}</ul>` : ''}
</body></html>
`;
}
