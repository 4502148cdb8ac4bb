import type { Matrix } from '../model';
import { renderMatrixHtml } from './html';
import { renderMatrixJson } from './json';
import { renderMatrixJunit } from './junit';
import { renderMatrixMarkdown } from './markdown';

export { renderMatrixHtml } from './html';
export { renderMatrixJson } from './json';
export { renderMatrixJunit } from './junit';
export { mdCell, renderMatrixMarkdown } from './markdown';

/** The formats a matrix renders to. */
export type MatrixFormat = 'json' | 'markdown' | 'html' | 'junit';

/** Renders a matrix in a format. */
export function renderMatrix(matrix: Matrix, format: MatrixFormat): string {
  if (format === 'markdown') return renderMatrixMarkdown(matrix);
  if (format === 'html') return renderMatrixHtml(matrix);
  if (format === 'junit') return renderMatrixJunit(matrix);
  return renderMatrixJson(matrix);
}
