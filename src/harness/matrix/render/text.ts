import type { CellVerdict, MatrixCell, MatrixRow } from '../model';

/** How each verdict is marked in Markdown and HTML (a word as well as a symbol, for screen readers and grep). */
export const MARK: Record<CellVerdict, string> = {
  pass: '✅ pass',
  warn: '⚠️ warn',
  fail: '❌ fail',
  intermittent: '🔁 intermittent',
  skip: '➖ skip',
};

/** A cell's short text: the verdict and its counts, e.g. `❌ fail 2/14`, `🔁 intermittent 2/3 runs`. */
export function cellText(cell: MatrixCell | undefined): string {
  if (!cell) return '';
  const judged = cell.counts.pass + cell.counts.fail + cell.counts.warn;
  if (cell.verdict === 'intermittent') {
    const i = cell.intermittent?.[0];
    return i ? `${MARK.intermittent} ${i.failedRuns}/${i.runs} runs` : MARK.intermittent;
  }
  if (cell.verdict === 'fail') return `${MARK.fail} ${cell.counts.fail}/${judged}`;
  if (cell.verdict === 'warn') return `${MARK.warn} ${cell.counts.warn}/${judged}`;
  if (cell.verdict === 'pass') return `${MARK.pass} ${cell.counts.pass}`;
  return MARK.skip;
}

/** `3 success, 1 truncated` from a row's stream classes (zero counts left out). */
export function streamsText(row: MatrixRow): string {
  return countsText(row.streams);
}

/** `2 raised error` from a row's client outcomes. */
export function clientsText(row: MatrixRow): string {
  return countsText(row.clients);
}

function countsText(counts: Record<string, number>): string {
  const parts = Object.entries(counts)
    .filter(([, n]) => n > 0)
    .map(([k, n]) => `${n} ${k}`);
  return parts.length > 0 ? parts.join(', ') : '–';
}

/** One line explaining a cell that is not a pass: the first finding's scenario and message. */
export function cellExplanation(cell: MatrixCell): string {
  const f = cell.findings[0];
  const flaky = cell.intermittent?.map((i) => `${i.scenario}: failed in ${i.failedRuns} of ${i.runs} runs`);
  const first = f ? `${f.scenario}: ${f.message}` : '';
  if (cell.verdict === 'intermittent' && flaky) return flaky.join('; ');
  const more = cell.findings.length > 1 ? ` (and ${cell.findings.length - 1} more)` : '';
  return `${first}${more}`;
}
