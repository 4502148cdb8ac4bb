import { writeFile } from 'node:fs/promises';
import { type Command, InvalidArgumentError } from 'commander';
import { type ReportFormat, render } from '../harness/reporters';
import type { Report } from '../harness/types';
import { oneLineErrors } from './options';

/*
 * What every command shares: where it writes, how it parses repeatable ids and headers, and how a
 * report leaves. Kept apart from the commands so a command loads only what it runs.
 */

/** Where a command writes; injected so tests can capture it. */
export interface CommandIo {
  stdout: (text: string) => Promise<void> | void;
  stderr: (text: string) => Promise<void> | void;
  /** Colour the pretty report (stdout is a terminal and `NO_COLOR` is unset). */
  color?: boolean;
  /** Show a progress line on stderr (it is a terminal). */
  progress?: boolean;
}

/** Whether a stream gets colour: a terminal, and `NO_COLOR` unset or empty (https://no-color.org). */
export function wantsColor(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv): boolean {
  return Boolean(stream.isTTY) && !env.NO_COLOR;
}

/** The real process's io: stdout/stderr, colour and progress decided by their terminals. */
export function processIo(): CommandIo {
  return {
    stdout: writer(process.stdout),
    stderr: writer(process.stderr),
    color: wantsColor(process.stdout, process.env),
    progress: Boolean(process.stderr.isTTY),
  };
}

/** Parses one `--header 'Name: value'`; repeatable. */
export function parseHeader(value: string, previous: Record<string, string> = {}): Record<string, string> {
  const m = /^([^:\s]+)\s*:\s*(.*)$/.exec(value);
  if (!m) throw new InvalidArgumentError("expected 'Name: value'");
  return { ...previous, [m[1]!.toLowerCase()]: m[2]! };
}

/** Parses comma-separated ids; repeatable. */
export function parseIds(value: string, previous: string[] = []): string[] {
  return [
    ...previous,
    ...value
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  ];
}

/** Exit code for a report: 1 when any `must` check failed. */
export function exitCodeFor(report: Report): 0 | 1 {
  return report.results.some((r) => r.verdict === 'fail' && r.severity === 'must') ? 1 : 0;
}

/** Writes a rendered report to `--out` or stdout and returns the exit code. */
export async function emitReport(
  report: Report,
  args: { report: ReportFormat; out?: string; verbose?: boolean },
  io: CommandIo,
): Promise<0 | 1> {
  const color = !args.out && (io.color ?? false);
  const text = render(report, args.report, { verbose: args.verbose ?? false, color });
  if (args.out) {
    await writeFile(args.out, text);
    if (args.report !== 'pretty') await io.stderr(`${render(report, 'pretty').split('\n').at(-2) ?? ''}\n`);
  } else await io.stdout(text);
  return exitCodeFor(report);
}

/** Writes to a process stream and resolves once the bytes are handed over (so exit does not cut them). */
export function writer(stream: NodeJS.WritableStream): (text: string) => Promise<void> {
  return (text) => new Promise((resolve) => stream.write(text, () => resolve()));
}

/** Commander's own argument errors are bad arguments too: one line, exit 2 (see {@link oneLineErrors}). */
export function exitTwoOnUsageErrors(command: Command): Command {
  return oneLineErrors(command);
}
