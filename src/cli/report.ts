import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { type Command, Option } from 'commander';
import type { Report } from '../harness';
import {
  type MatrixFormat,
  matrixExitCode,
  mergeReports,
  type NamedReport,
  renderMatrix,
  reportProblem,
} from '../harness/matrix';
import { type CommandIo, exitTwoOnUsageErrors, writer } from './io';

/** Options of `chat-contract report`. */
export interface ReportArgs {
  merge: string[];
  format: MatrixFormat;
  out?: string;
}

/** `NAME=FILE` names a row; a bare `FILE` is named after the file (`vllm.json` → `vllm`). */
function splitName(arg: string): { name: string; file: string } {
  const m = /^([^=/\\]+)=(.+)$/.exec(arg);
  if (m) return { name: m[1]!, file: m[2]! };
  return { name: path.basename(arg).replace(/\.json$/i, ''), file: arg };
}

/**
 * Runs `report --merge` and returns its exit code: 0 no `must` failure, 1 one, 2 a file that is not
 * a readable JSON report (one line on stderr).
 */
export async function runReport(args: ReportArgs, io: CommandIo): Promise<0 | 1 | 2> {
  const reports: NamedReport[] = [];
  for (const arg of args.merge) {
    const { name, file } = splitName(arg);
    let value: unknown;
    try {
      value = JSON.parse(await readFile(file, 'utf8'));
    } catch (err) {
      await io.stderr(`chat-contract report: transcript-unreadable: ${file}: ${(err as Error).message}\n`);
      return 2;
    }
    const problem = reportProblem(value);
    if (problem) {
      await io.stderr(`chat-contract report: transcript-unreadable: ${file}: ${problem}\n`);
      return 2;
    }
    if (reports.some((r) => r.name === name)) {
      await io.stderr(`chat-contract report: bad-arguments: two reports named ${name}: use NAME=FILE\n`);
      return 2;
    }
    reports.push({ name, report: value as Report });
  }
  const matrix = mergeReports(reports);
  const text = renderMatrix(matrix, args.format);
  if (args.out) await writeFile(args.out, text);
  else await io.stdout(text);
  return matrixExitCode(matrix);
}

/** `chat-contract report --merge a.json b.json …`: the matrix from reports made elsewhere. */
export function registerReport(program: Command): void {
  const command = program
    .command('report')
    .description('merge `check --report json` outputs (e.g. one per CI job) into the compatibility matrix')
    .requiredOption(
      '--merge <files...>',
      'JSON reports, each FILE or NAME=FILE (row name; default the file name)',
    )
    .addOption(
      new Option('--format <format>', 'matrix format')
        .choices(['json', 'markdown', 'html', 'junit'])
        .default('markdown'),
    )
    .option('--out <file>', 'write the matrix to a file instead of stdout')
    .action(async (args: ReportArgs) => {
      process.exit(await runReport(args, { stdout: writer(process.stdout), stderr: writer(process.stderr) }));
    });
  exitTwoOnUsageErrors(command);
}
