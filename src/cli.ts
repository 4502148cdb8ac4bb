#!/usr/bin/env node
import { Command, InvalidArgumentError } from 'commander';
import pino from 'pino';
import { startServer } from './main';

function port(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError('expected a port 0-65535');
  return n;
}

/** Builds the `chat-contract` command line. */
export function buildCli(): Command {
  const program = new Command('chat-contract')
    .description('OpenAI-compatible chat completions: contract, reference server, conformance harness')
    .showHelpAfterError();

  program
    .command('serve')
    .description('run the reference server (scripted backend by default)')
    .option('--host <host>', 'address to bind', process.env.CHAT_CONTRACT_HOST ?? '127.0.0.1')
    .option('--port <port>', 'port to listen on', port, Number(process.env.PORT ?? 8080))
    .option('--log-level <level>', 'pino log level', process.env.LOG_LEVEL ?? 'info')
    .action(async (opts: { host: string; port: number; logLevel: string }) => {
      const logger = pino({ level: opts.logLevel });
      const server = await startServer({ host: opts.host, port: opts.port, logger });
      logger.info({ url: server.url }, `chat-contract serving on ${server.url}/v1`);
      const stop = () => {
        server.close().then(() => process.exit(0));
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });

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
