import { type Matrix, probedParameters } from '../model';
import { cellExplanation, cellText, clientsText, MARK, streamsText } from './text';

/** Escapes text for a Markdown table cell (one line, no pipes taken as columns). */
export function mdCell(text: string): string {
  return text
    .replace(/\\/g, '\\\\')
    .replace(/\|/g, '\\|')
    .replace(/[\r\n]+/g, ' ')
    .replace(/`/g, "'");
}

/**
 * The matrix as Markdown: a checks × targets table, a per-target summary (stream classes, client
 * outcomes, errors) and one line per cell that is not a pass.
 * @example fs.writeFileSync('matrix.md', renderMatrixMarkdown(matrix));
 */
export function renderMatrixMarkdown(matrix: Matrix): string {
  const names = matrix.targets.map((t) => mdCell(t.name));
  const out = [
    `| check | severity | ${names.join(' | ')} |`,
    `|---|---|${names.map(() => '---').join('|')}|`,
    ...matrix.checks.map(
      (c) =>
        `| \`${c.id}\` | ${c.severity} | ${matrix.targets.map((t) => cellText(t.cells[c.id])).join(' | ')} |`,
    ),
    '',
    `Legend: ${Object.values(MARK).join(', ')}; counts are scenarios (fail/judged) or runs (intermittent).`,
    '',
    '| target | runs | streams (as a client sees them) | clients on faults | result |',
    '|---|---|---|---|---|',
    ...matrix.targets.map((t) => {
      const result = t.error
        ? `did not run: ${t.error.code}: ${mdCell(t.error.message)}`
        : `${t.mustFailed ? 'must failure' : 'no must failure'} (${t.summary.fail} fail, ${t.summary.intermittent} intermittent, ${t.summary.warn} warn, ${t.summary.pass} pass)`;
      return `| ${mdCell(t.name)} | ${t.runs} | ${streamsText(t)} | ${clientsText(t)} | ${result} |`;
    }),
  ];
  const notes = matrix.targets.flatMap((t) =>
    matrix.checks.flatMap((c) => {
      const cell = t.cells[c.id];
      if (!cell || cell.verdict === 'pass' || cell.verdict === 'skip') return [];
      return [`- **${mdCell(t.name)}** · \`${c.id}\` (${cell.verdict}): ${mdCell(cellExplanation(cell))}`];
    }),
  );
  const params = probedParameters(matrix);
  if (params.length > 0) {
    out.push(
      '',
      '### Parameters (probes)',
      '',
      `| parameter | ${names.join(' | ')} |`,
      `|---|${names.map(() => '---').join('|')}|`,
      ...params.map((p) => `| \`${p}\` | ${matrix.targets.map((t) => t.probes?.[p] ?? '–').join(' | ')} |`),
    );
  }
  if (notes.length > 0) out.push('', '### Cells that did not pass', '', ...notes);
  return `${out.join('\n')}\n`;
}
