import type { Report } from '../types';
import { buildMatrix, type Matrix } from './model';

/** One report to merge and the row name it gets. */
export interface NamedReport {
  name: string;
  report: Report;
}

/** The problem with a JSON text that should be a `check --report json` report, or undefined. */
export function reportProblem(value: unknown): string | undefined {
  if (!value || typeof value !== 'object') return 'not a JSON object';
  const r = value as Partial<Report>;
  if (r.schemaVersion !== 1) return 'schemaVersion is not 1 (not a chat-contract JSON report)';
  if (!Array.isArray(r.results)) return 'results is missing';
  if (!Array.isArray(r.streams)) return 'streams is missing';
  if (typeof r.target !== 'string') return 'target is missing';
  return undefined;
}

/**
 * Builds the matrix from reports produced separately (e.g. one CI job per target): the same
 * matrix a `matrix` run over those targets gives.
 * @example mergeReports([{ name: 'vllm', report: a }, { name: 'gateway', report: b }])
 */
export function mergeReports(reports: readonly NamedReport[], options: { now?: () => number } = {}): Matrix {
  return buildMatrix(
    reports.map((r) => ({ name: r.name, report: r.report })),
    options,
  );
}
