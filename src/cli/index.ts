#!/usr/bin/env node
import { Command } from 'commander';
import { toolVersion } from '../harness/version';
import { registerCheck } from './check';
import { registerCheckTranscript } from './checkTranscript';
import { registerListChecks } from './listChecks';
import { registerMatrix } from './matrix';
import { oneLineErrors } from './options';
import { registerProbe } from './probe';
import { registerReport } from './report';
import { registerServe } from './serve';
import { registerUpstream } from './upstream';

/** Builds the `chat-contract` command line. */
export function buildCli(): Command {
  const program = new Command('chat-contract')
    .description('OpenAI-compatible chat completions: contract, reference server, conformance harness')
    .version(toolVersion());

  registerServe(program);
  registerUpstream(program);
  registerCheck(program);
  registerCheckTranscript(program);
  registerMatrix(program);
  registerReport(program);
  registerProbe(program);
  registerListChecks(program);

  for (const command of [program, ...program.commands]) oneLineErrors(command);
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
