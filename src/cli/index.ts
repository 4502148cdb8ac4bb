#!/usr/bin/env node
import { Command } from 'commander';
import { toolVersion } from '../harness/version';
import { oneLineErrors } from './options';

type Register = (program: Command) => void;

/*
 * Each command's module is loaded only when the command line may need it: `serve` alone does not
 * load the harness, its reporters and its parsers (most of the CLI's memory before the server's
 * own), nor `check` the server. Order is the order of `--help`.
 */
const COMMANDS: ReadonlyArray<readonly [string, () => Register]> = [
  ['serve', () => (require('./serve') as typeof import('./serve')).registerServe],
  ['upstream', () => (require('./upstream') as typeof import('./upstream')).registerUpstream],
  ['check', () => (require('./check') as typeof import('./check')).registerCheck],
  [
    'check-transcript',
    () => (require('./checkTranscript') as typeof import('./checkTranscript')).registerCheckTranscript,
  ],
  ['matrix', () => (require('./matrix') as typeof import('./matrix')).registerMatrix],
  ['report', () => (require('./report') as typeof import('./report')).registerReport],
  ['probe', () => (require('./probe') as typeof import('./probe')).registerProbe],
  ['list-checks', () => (require('./listChecks') as typeof import('./listChecks')).registerListChecks],
];

/** The command named on a command line (its first word not starting with `-`), if it is one of ours. */
function commandNamed(args: readonly string[]): string | undefined {
  const word = args.find((a) => !a.startsWith('-'));
  return COMMANDS.some(([name]) => name === word) ? word : undefined;
}

/**
 * Builds the `chat-contract` command line. Given the arguments (without `node` and the script),
 * it registers only the command they name, when they name one; otherwise every command.
 */
export function buildCli(args?: readonly string[]): Command {
  const program = new Command('chat-contract')
    .description('OpenAI-compatible chat completions: contract, reference server, conformance harness')
    .version(toolVersion());

  const only = args ? commandNamed(args) : undefined;
  for (const [name, load] of COMMANDS) if (!only || name === only) load()(program);

  for (const command of [program, ...program.commands]) oneLineErrors(command);
  return program;
}

if (require.main === module) {
  buildCli(process.argv.slice(2))
    .parseAsync(process.argv)
    .catch((err: unknown) => {
      console.error(`chat-contract: ${err instanceof Error ? err.message : String(err)}`);
      process.exit(2);
    });
}
