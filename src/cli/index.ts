#!/usr/bin/env node
import type { Command as CommandType } from 'commander';
import { Command } from 'commander';
import { toolVersion } from '../harness/version';
import { oneLineErrors } from './options';

type Register = (program: CommandType) => void;

/*
 * Each command's module is loaded only when it is registered: `check-transcript` need not load the
 * server, the matrix or the probes (a third of a second of start-up), nor `serve` the harness.
 */
const COMMANDS: ReadonlyArray<[name: string, load: () => Register]> = [
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

/**
 * Builds the `chat-contract` command line. Given the command about to run (`argv[2]`), registers
 * only that one when it is a known command; otherwise (help, a typo) every command, so help lists
 * them all and commander can suggest the closest name.
 */
export function buildCli(invoked?: string): CommandType {
  const program = new Command('chat-contract')
    .description('OpenAI-compatible chat completions: contract, reference server, conformance harness')
    .version(toolVersion());

  const only = COMMANDS.filter(([name]) => name === invoked);
  for (const [, load] of only.length > 0 ? only : COMMANDS) load()(program);

  for (const command of [program, ...program.commands]) oneLineErrors(command);
  return program;
}

if (require.main === module) {
  buildCli(process.argv[2])
    .parseAsync(process.argv)
    .catch((err: unknown) => {
      console.error(`chat-contract: ${err instanceof Error ? err.message : String(err)}`);
      process.exit(2);
    });
}
