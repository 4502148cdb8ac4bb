import { type Command, InvalidArgumentError, Option } from 'commander';
import type { Logger } from 'pino';
import { createLogger } from '../server/http/requestLog';
import { DEFAULT_SHUTDOWN_GRACE_MS } from '../server/http/shutdown';
import { loadStart, loadUpstreamBackend } from './lazy';
import { parsePort, parsePositiveInt } from './options';

/** Parses a duration or count that may be 0. */
function parseNonNegativeInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('expected an integer >= 0');
  return n;
}

/** A positive integer from the environment, or undefined when unset. */
function envInt(name: string): number | undefined {
  const raw = process.env[name];
  return raw ? parsePositiveInt(raw) : undefined;
}

/** `chat-contract serve`: the reference server. */
export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('run the reference server (scripted backend by default)')
    .option('--host <host>', 'address to bind', process.env.CHAT_CONTRACT_HOST ?? '127.0.0.1')
    .option('--port <port>', 'port to listen on', parsePort, Number(process.env.PORT ?? 8080))
    .option('--log-level <level>', 'pino log level', process.env.LOG_LEVEL ?? 'info')
    .option('--log-bodies', 'log each request body (message contents; keys still redacted)', false)
    // No commander default: help would print the key. Prefer the env var over argv (ps shows argv).
    .option('--api-key <key>', 'require this Bearer key on /v1 routes (env CHAT_CONTRACT_API_KEY)')
    .option('--allow-unauthenticated', 'serve a non-loopback host without an API key', false)
    .option('--first-token-timeout-ms <ms>', 'backend time to the first token', parsePositiveInt)
    .option('--idle-timeout-ms <ms>', 'backend time between two tokens', parsePositiveInt)
    .option('--body-limit-bytes <n>', 'largest request body (413 above)', parsePositiveInt)
    .option('--max-messages <n>', 'most messages per request (400 above)', parsePositiveInt)
    .option('--max-content-chars <n>', 'most message characters per request (400 above)', parsePositiveInt)
    .option('--max-n <n>', 'most choices per request (400 above)', parsePositiveInt)
    .option(
      '--max-tokens-limit <n>',
      'largest max_tokens / max_completion_tokens (400 above)',
      parsePositiveInt,
    )
    .option(
      '--session-queue-depth <n>',
      'requests per session_id, running + waiting (429 above)',
      parsePositiveInt,
    )
    .option(
      '--shutdown-grace-ms <ms>',
      'on SIGTERM/SIGINT, time in-flight requests get to finish',
      parseNonNegativeInt,
      envInt('CHAT_CONTRACT_SHUTDOWN_GRACE_MS') ?? DEFAULT_SHUTDOWN_GRACE_MS,
    )
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
      const logger = createLogger(opts.logLevel);
      const backend = opts.backend === 'upstream' ? upstreamBackend(opts, logger) : undefined;
      const apiKey = opts.apiKey ?? (process.env.CHAT_CONTRACT_API_KEY || undefined);
      const server = await loadStart().startServer({
        host: opts.host,
        port: opts.port,
        logger,
        backend,
        apiKey,
        allowUnauthenticated: opts.allowUnauthenticated,
        logBodies: opts.logBodies,
        timeouts: defined({ firstTokenMs: opts.firstTokenTimeoutMs, idleMs: opts.idleTimeoutMs }),
        limits: defined({
          bodyBytes: opts.bodyLimitBytes ?? envInt('CHAT_CONTRACT_BODY_LIMIT_BYTES'),
          maxMessages: opts.maxMessages,
          maxContentChars: opts.maxContentChars,
          maxN: opts.maxN,
          maxTokens: opts.maxTokensLimit,
          sessionQueueDepth: opts.sessionQueueDepth,
        }),
      });
      logger.info({ url: server.url, auth: Boolean(apiKey) }, `chat-contract serving on ${server.url}/v1`);
      let stopping = false;
      const stop = (signal: NodeJS.Signals) => {
        if (stopping) {
          logger.warn({ signal }, 'second signal: exiting without waiting');
          process.exit(1);
        }
        stopping = true;
        logger.info({ signal, graceMs: opts.shutdownGraceMs }, 'shutting down');
        server.shutdown(opts.shutdownGraceMs).then(() => {
          logger.info('stopped');
          process.exit(0);
        });
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    });
}

/** Drops the keys whose value is undefined, so defaults below apply. */
function defined<T extends object>(o: T): Partial<{ [K in keyof T]: Exclude<T[K], undefined> }> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as never;
}

interface ServeOptions {
  host: string;
  port: number;
  logLevel: string;
  logBodies: boolean;
  apiKey?: string;
  allowUnauthenticated: boolean;
  firstTokenTimeoutMs?: number;
  idleTimeoutMs?: number;
  bodyLimitBytes?: number;
  maxMessages?: number;
  maxContentChars?: number;
  maxN?: number;
  maxTokensLimit?: number;
  sessionQueueDepth?: number;
  shutdownGraceMs: number;
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
  return loadUpstreamBackend().createUpstreamBackend({
    baseUrl,
    apiKey: apiKey || undefined,
    models,
    logger,
  });
}
