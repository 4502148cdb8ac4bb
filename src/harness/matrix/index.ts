/**
 * Many targets, many runs: the targets file, the matrix (targets × checks), its renderers, report
 * merging and repeated runs.
 * @example
 * const m = await runMatrix([{ name: 'ref', prepare: async () => ({ options: { baseUrl } }) }]);
 * process.stdout.write(renderMatrix(m, 'markdown'));
 */
export { mergeReports, type NamedReport, reportProblem } from './merge';
export {
  buildMatrix,
  CELL_VERDICTS,
  type CellFinding,
  type CellVerdict,
  type Matrix,
  type MatrixCell,
  type MatrixRow,
  matrixExitCode,
  matrixRow,
  type TargetOutcome,
} from './model';
export { type MatrixFormat, renderMatrix } from './render';
export { combineRuns, intermittentText, runRepeated } from './repeat';
export { type MatrixOptions, type MatrixTarget, type PreparedTarget, runMatrix } from './runner';
export {
  parseTargets,
  TARGETS_SCHEMA,
  type TargetFaults,
  type TargetSpec,
  type TargetsFile,
  type TargetsResult,
} from './targets';
