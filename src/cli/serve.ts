import { type Command, Option } from 'commander';
import pino, { type Logger } from 'pino';
import { startServer } from '../main';
import { createUpstreamBackend } from '../server/backends/upstream';
import { parsePort } from './options';

/** `chat-contract serve`: the reference server. */
export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('run the reference server (scripted backend by default)')
    .option('--host <host>', 'address to bind', process.env.CHAT_CONTRACT_HOST ?? '127.0.0.1')
    .option('--port <port>', 'port to listen on', parsePort, Number(process.env.PORT ?? 8080))
    .option('--log-level <level>', 'pino log level', process.env.LOG_LEVEL ?? 'info')
    .addOption(
      new Option('--backend <name>', 'where completions come from')
        .choices(['scripted', 'upstream'])
        .default(process.env.CHAT_CONTRACT_BACKEND ?? 'scripted'),
    )
    .option('--upstream-url <url>', 'upstream OpenAI base URL (env CHAT_CONTRACT_UPSTREAM_URL)')
    // No commander default: help would print the key. Prefer the env var over argv (ps shows argv).
    .option('--upstream-key <key>', 'upstream API key (env CHAT_CONTRACT_UPSTREAM_KEY)')
    .option(
      '--upstream-model <ids>',
      'comma-separated model ids to serve (env CHAT_CONTRACT_UPSTREAM_MODELS)',
    )
    .action(async (opts: ServeOptions) => {
      const logger = pino({ level: opts.logLevel });
      const backend = opts.backend === 'upstream' ? upstreamBackend(opts, logger) : undefined;
      const server = await startServer({ host: opts.host, port: opts.port, logger, backend });
      logger.info({ url: server.url }, `chat-contract serving on ${server.url}/v1`);
      const stop = () => {
        server.close().then(() => process.exit(0));
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
}

interface ServeOptions {
  host: string;
  port: number;
  logLevel: string;
  backend: string;
  upstreamUrl?: string;
  upstreamKey?: string;
  upstreamModel?: string;
}

/** `--backend upstream`: the proxy to an OpenAI-compatible provider, configured by flags or env. */
function upstreamBackend(opts: ServeOptions, logger: Logger) {
  const baseUrl = opts.upstreamUrl ?? process.env.CHAT_CONTRACT_UPSTREAM_URL;
  if (!baseUrl) throw new Error('--backend upstream needs --upstream-url or CHAT_CONTRACT_UPSTREAM_URL');
  const models = (opts.upstreamModel ?? process.env.CHAT_CONTRACT_UPSTREAM_MODELS ?? '')
    .split(',')
    .map((m) => m.trim())
    .filter(Boolean);
  const apiKey = opts.upstreamKey ?? process.env.CHAT_CONTRACT_UPSTREAM_KEY;
  return createUpstreamBackend({ baseUrl, apiKey: apiKey || undefined, models, logger });
}
