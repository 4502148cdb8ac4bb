import type { Command } from 'commander';
import pino from 'pino';
import { startServer } from '../main';
import { parsePort } from './options';

/** `chat-contract serve`: the reference server. */
export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('run the reference server (scripted backend by default)')
    .option('--host <host>', 'address to bind', process.env.CHAT_CONTRACT_HOST ?? '127.0.0.1')
    .option('--port <port>', 'port to listen on', parsePort, Number(process.env.PORT ?? 8080))
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
}
