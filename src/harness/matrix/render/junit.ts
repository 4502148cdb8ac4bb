import { xmlEscape } from '../../reporters/junit';
import type { Matrix, MatrixCell, MatrixRow } from '../model';
import { cellExplanation } from './text';

function testcase(target: string, check: string, c: MatrixCell): string {
  const open = `    <testcase classname="${xmlEscape(target)}" name="${xmlEscape(check)}" time="0">`;
  const why = xmlEscape(cellExplanation(c));
  if (c.verdict === 'fail' || c.verdict === 'intermittent')
    return `${open}\n      <failure message="${xmlEscape(c.verdict)}: ${why}" type="${c.severity}">${why}</failure>\n    </testcase>`;
  if (c.verdict === 'skip') return `${open}\n      <skipped/>\n    </testcase>`;
  if (c.verdict === 'warn') return `${open}\n      <system-out>WARN ${why}</system-out>\n    </testcase>`;
  return `${open}</testcase>`;
}

function suite(row: MatrixRow, checks: Matrix['checks']): string {
  const name = xmlEscape(row.name);
  if (row.error) {
    return [
      `  <testsuite name="${name}" tests="1" failures="0" errors="1" skipped="0">`,
      `    <testcase classname="${name}" name="run" time="0">`,
      `      <error message="${xmlEscape(`${row.error.code}: ${row.error.message}`)}" type="${xmlEscape(row.error.code)}"/>`,
      '    </testcase>',
      '  </testsuite>',
    ].join('\n');
  }
  const cases = checks.flatMap((c) => (row.cells[c.id] ? [[c.id, row.cells[c.id]!] as const] : []));
  const failures = cases.filter(([, c]) => c.verdict === 'fail' || c.verdict === 'intermittent').length;
  const skipped = cases.filter(([, c]) => c.verdict === 'skip').length;
  return [
    `  <testsuite name="${name}" tests="${cases.length}" failures="${failures}" errors="0" skipped="${skipped}">`,
    ...cases.map(([id, c]) => testcase(row.name, id, c)),
    '  </testsuite>',
  ].join('\n');
}

/**
 * The matrix as JUnit XML: one `<testsuite>` per target, one `<testcase>` per check; fail and
 * intermittent → `<failure>`, a target that did not run → `<error>`.
 * @example fs.writeFileSync('matrix.xml', renderMatrixJunit(matrix));
 */
export function renderMatrixJunit(matrix: Matrix): string {
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="chat-contract matrix" timestamp="${xmlEscape(matrix.generatedAt)}">`,
    ...matrix.targets.map((t) => suite(t, matrix.checks)),
    '</testsuites>',
    '',
  ].join('\n');
}
