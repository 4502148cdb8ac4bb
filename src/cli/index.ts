#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Command } from 'commander';
import { registerCheck } from './check';
import { registerCheckTranscript } from './checkTranscript';
import { registerMatrix } from './matrix';
import { registerProbe } from './probe';
import { registerReport } from './report';
import { registerServe } from './serve';
import { registerUpstream } from './upstream';

/** The version in package.json (same depth from src/cli and dist/cli). */
function packageVersion(): string {
  const file = path.resolve(__dirname, '..', '..', 'package.json');
  return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
}

/** Builds the `chat-contract` command line. */
export function buildCli(): Command {
  const program = new Command('chat-contract')
    .description('OpenAI-compatible chat completions: contract, reference server, conformance harness')
    .version(packageVersion())
    .showHelpAfterError();

  registerServe(program);
  registerUpstream(program);
  registerCheck(program);
  registerCheckTranscript(program);
  registerMatrix(program);
  registerReport(program);
  registerProbe(program);

  return program;
}

if (require.main === module) {
  buildCli()
    .parseAsync(process.argv)
    .catch((err: unknown) => {
      console.error(`chat-contract: ${err instanceof Error ? err.message : String(err)}`);
      process.exit(2);
    });
}
