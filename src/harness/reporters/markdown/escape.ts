import { visibleControls } from '../html/escape';

/**
 * Escapes text for Markdown prose and table cells: every ASCII punctuation character Markdown or
 * GitHub's renderer could read as syntax (emphasis, links, HTML tags, entities, table pipes) is
 * backslash-escaped, and line breaks become spaces so a cell stays one cell.
 * @see https://spec.commonmark.org/0.31.2/#backslash-escapes
 * @example mdEscape('<script>|*x*') // '\\<script\\>\\|\\*x\\*'
 */
export function mdEscape(text: string): string {
  return visibleControls(text.replace(/\r\n|\r|\n/g, ' ')).replace(/[\\`*_{}[\]()<>#+!|~&]/g, '\\$&');
}

/** The longest run of a character in a text. */
function longestRun(text: string, char: string): number {
  let longest = 0;
  let run = 0;
  for (const c of text) {
    run = c === char ? run + 1 : 0;
    if (run > longest) longest = run;
  }
  return longest;
}

/**
 * A fenced code block whose fence is longer than any backtick run inside, so server bytes cannot
 * close it early. Control characters are shown as control pictures.
 * @see https://spec.commonmark.org/0.31.2/#fenced-code-blocks
 */
export function mdFence(text: string, info = ''): string {
  const body = visibleControls(text);
  const fence = '`'.repeat(Math.max(3, longestRun(body, '`') + 1));
  return `${fence}${info}\n${body}\n${fence}`;
}

/**
 * An inline code span safe for any text: its delimiter is longer than any backtick run inside, it
 * is padded when the text starts or ends with a backtick, and pipes are escaped so it can sit in a
 * table cell (GitHub splits cells on `|` even inside code spans).
 */
export function mdCode(text: string): string {
  const body = visibleControls(text.replace(/\r\n|\r|\n/g, ' ')).replace(/\|/g, '\\|');
  const ticks = '`'.repeat(longestRun(body, '`') + 1);
  const pad = body.startsWith('`') || body.endsWith('`') ? ' ' : '';
  return `${ticks}${pad}${body}${pad}${ticks}`;
}

/** A GitHub table from already-escaped cells. */
export function mdTable(head: readonly string[], rows: readonly (readonly string[])[]): string {
  return [
    `| ${head.join(' | ')} |`,
    `|${head.map(() => ' --- ').join('|')}|`,
    ...rows.map((cells) => `| ${cells.join(' | ')} |`),
  ].join('\n');
}
