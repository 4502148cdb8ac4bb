/** Report renderers: pretty text, the stable JSON, JUnit XML, a self-contained HTML page and Markdown. */
export { renderHtml } from './html';
export { renderJson } from './json';
export { renderJunit, xmlEscape } from './junit';
export { describeResult, locationOf } from './location';
export { renderMarkdown } from './markdown';
export { FAILURE_HANDLING_UNTESTED, type PrettyOptions, renderPretty } from './pretty';
export { type ProbeReport, renderProbeReport } from './probes';
export { oneLine } from './text';

import type { Report } from '../types';
import { renderHtml } from './html';
import { renderJson } from './json';
import { renderJunit } from './junit';
import { renderMarkdown } from './markdown';
import { renderPretty } from './pretty';

/** The report formats the CLI offers. */
export type ReportFormat = 'pretty' | 'json' | 'junit' | 'html' | 'markdown';

/** Every report format, in the order `--help` lists them. */
export const REPORT_FORMATS: readonly ReportFormat[] = ['pretty', 'json', 'junit', 'html', 'markdown'];

/** Renders a report in a format. */
export function render(
  report: Report,
  format: ReportFormat,
  options: { verbose?: boolean; color?: boolean } = {},
): string {
  if (format === 'json') return renderJson(report);
  if (format === 'junit') return renderJunit(report);
  if (format === 'html') return renderHtml(report);
  if (format === 'markdown') return renderMarkdown(report);
  return renderPretty(report, options);
}
