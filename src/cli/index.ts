#!/usr/bin/env node
import { Command } from 'commander';
import { registerCheck } from './check';
import { registerCheckTranscript } from './checkTranscript';
import { registerServe } from './serve';
import { registerUpstream } from './upstream';

/** Builds the `chat-contract` command line. */
export function buildCli(): Command {
  const program = new Command('chat-contract')
    .description('OpenAI-compatible chat completions: contract, reference server, conformance harness')
    .showHelpAfterError();

  registerServe(program);
  registerUpstream(program);
  registerCheck(program);
  registerCheckTranscript(program);

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
