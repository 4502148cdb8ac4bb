import { probeTable } from '../probe';
import type { ProbeResult } from '../types';
import { probeSuite, xmlEscape } from './junit';

/** What `chat-contract probe` reports: the target, the model probed and one row per parameter. */
export interface ProbeReport {
  schemaVersion: 1;
  target: string;
  model: string;
  probes: ProbeResult[];
  startedAt: string;
  durationMs: number;
}

/**
 * Renders a probe report: a table (pretty), the stable JSON, or a JUnit suite.
 * @example process.stdout.write(renderProbeReport(report, 'pretty'));
 */
export function renderProbeReport(report: ProbeReport, format: 'pretty' | 'json' | 'junit'): string {
  if (format === 'json') return `${JSON.stringify(report, null, 2)}\n`;
  if (format === 'junit') {
    const name = xmlEscape(`chat-contract probe ${report.target}`);
    return [
      '<?xml version="1.0" encoding="UTF-8"?>',
      `<testsuites name="${name}" tests="${report.probes.length}" failures="0" errors="0">`,
      probeSuite(report.probes),
      '</testsuites>',
      '',
    ].join('\n');
  }
  const counts = ['honoured', 'ignored', 'refused', 'inconclusive']
    .map((v) => `${report.probes.filter((p) => p.verdict === v).length} ${v}`)
    .join(', ');
  return [
    `chat-contract probe ${report.target} (model ${report.model})`,
    '',
    ...probeTable(report.probes),
    '',
    `${counts} in ${report.durationMs} ms`,
    '',
  ].join('\n');
}
