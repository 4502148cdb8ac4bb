/** Report renderers: pretty text, the stable JSON and JUnit XML. */
export { renderJson } from './json';
export { renderJunit, xmlEscape } from './junit';
export { describeResult, locationOf } from './location';
export { renderPretty } from './pretty';

import type { Report } from '../types';
import { renderJson } from './json';
import { renderJunit } from './junit';
import { renderPretty } from './pretty';

/** The report formats the CLI offers. */
export type ReportFormat = 'pretty' | 'json' | 'junit';

/** Renders a report in a format. */
export function render(report: Report, format: ReportFormat, options: { verbose?: boolean } = {}): string {
  if (format === 'json') return renderJson(report);
  if (format === 'junit') return renderJunit(report);
  return renderPretty(report, options);
}
