import type { Matrix } from '../model';

/**
 * The matrix as versioned JSON (`matrixVersion: 1`), keys in the documented order.
 * @example fs.writeFileSync('matrix.json', renderMatrixJson(matrix));
 */
export function renderMatrixJson(matrix: Matrix): string {
  const out: Matrix = {
    matrixVersion: 1,
    generatedAt: matrix.generatedAt,
    checks: matrix.checks,
    targets: matrix.targets,
  };
  return `${JSON.stringify(out, null, 2)}\n`;
}
