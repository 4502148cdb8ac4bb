import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import pino, { type Logger } from 'pino';
import type { FakeUpstreamOptions, RequestLog } from './fake-upstream';
import type { ReplayTiming } from './fake-upstream/replay';
import { createScriptedBackend } from './server/backends/scripted';
import type { ChatBackend } from './server/backends/types';
import { createApp } from './server/http/app';
import { isLoopbackHost } from './server/http/auth';
import { httpClassesFor } from './server/http/httpClasses';
import { DEFAULT_SHUTDOWN_GRACE_MS, ShutdownGate } from './server/http/shutdown';
import { ServerStats, type StatsSnapshot } from './server/http/stats';
import type { ServerOptions } from './server/options';

/** A running server. */
export interface RunningServer {
  /** Base URL without a trailing slash, e.g. `http://127.0.0.1:8080`. */
  url: string;
  port: number;
  close(): Promise<void>;
}

/** The running reference server: also shuts down gracefully and reports its gauges. */
export interface RunningReferenceServer extends RunningServer {
  /**
   * Stops accepting connections, answers new requests 503 `server_shutdown`, lets in-flight
   * requests run for up to `graceMs`, then ends the rest (in-band `server_shutdown` frame, or 503
   * before the first event) and closes. Calling it again returns the same promise.
   */
  shutdown(graceMs?: number): Promise<void>;
  stats(): StatsSnapshot;
}

/**
 * Socket-level limits of the HTTP server, in ms. `headersMs` and `requestMs` bound how long a client
 * may take to send its headers and its whole request (slowloris → 408 and close); the time a
 * response takes does not count.
 */
export interface HttpTimeouts {
  headersMs: number;
  requestMs: number;
  /** Idle time before a kept-alive connection is closed. */
  keepAliveMs: number;
}

export const DEFAULT_HTTP_TIMEOUTS: HttpTimeouts = {
  headersMs: 10_000,
  requestMs: 30_000,
  keepAliveMs: 5_000,
};

/** Grace used by `shutdown()` without an argument. */
export { DEFAULT_SHUTDOWN_GRACE_MS };

/** How long cut requests get to write their error before connections are dropped. */
const CUT_MS = 1_000;

/** Options of `startServer`. */
export interface StartOptions
  extends Partial<Omit<ServerOptions, 'backend' | 'logger' | 'stats' | 'shutdown'>> {
  host?: string;
  port?: number;
  backend?: ChatBackend;
  logger?: Logger;
  http?: Partial<HttpTimeouts>;
  /** Serve a non-loopback host without an API key (refused otherwise). */
  allowUnauthenticated?: boolean;
}

/** Resolves when `promise` does or after `ms`, whichever comes first; never rejects. */
function settleWithin(promise: Promise<unknown>, ms: number): Promise<void> {
  return new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, Math.max(0, ms));
    promise.then(
      () => {
        clearTimeout(timer);
        resolve();
      },
      () => {
        clearTimeout(timer);
        resolve();
      },
    );
  });
}

/**
 * Starts the reference server and resolves once it listens (port 0 picks a free port). Refuses a
 * non-loopback host without an API key unless `allowUnauthenticated` is set.
 * @example const s = await startServer({ port: 0 }); await fetch(`${s.url}/health`); await s.shutdown(1000);
 */
export async function startServer(options: StartOptions = {}): Promise<RunningReferenceServer> {
  const host = options.host ?? '127.0.0.1';
  if (!options.apiKey && !options.allowUnauthenticated && !isLoopbackHost(host)) {
    throw new Error(
      `refusing to serve ${host} without an API key: set one with --api-key or CHAT_CONTRACT_API_KEY, or pass --allow-unauthenticated`,
    );
  }
  const backend = options.backend ?? createScriptedBackend();
  const logger = options.logger ?? pino({ level: 'silent' });
  const stats = new ServerStats();
  const gate = new ShutdownGate();
  const app = createApp({ ...options, backend, logger, stats, shutdown: gate });
  const http = { ...DEFAULT_HTTP_TIMEOUTS, ...options.http };
  const server = createServer(
    {
      requestTimeout: http.requestMs,
      headersTimeout: Math.min(http.headersMs, http.requestMs),
      // How often those two are checked; Node's default (30 s) would let a slow client overstay.
      connectionsCheckingInterval: Math.min(1_000, http.headersMs),
      ...httpClassesFor(app),
    },
    app,
  );
  server.keepAliveTimeout = http.keepAliveMs;
  server.listen(options.port ?? 8080, host);
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  const shownHost = host.includes(':') ? `[${host}]` : host;

  const closed = new Promise<void>((resolve) => server.once('close', () => resolve()));
  let shuttingDown: Promise<void> | undefined;
  async function drain(graceMs: number): Promise<void> {
    gate.close();
    server.close(); // no new connections; idle kept-alive ones are closed now
    await settleWithin(stats.whenIdle(), graceMs);
    gate.cut();
    await settleWithin(stats.whenIdle(), CUT_MS);
    server.closeAllConnections();
    await closed;
    await backend.close?.();
  }

  return {
    url: `http://${shownHost}:${port}`,
    port,
    stats: () => stats.snapshot(),
    shutdown: (graceMs = DEFAULT_SHUTDOWN_GRACE_MS) => {
      shuttingDown ??= drain(graceMs);
      return shuttingDown;
    },
    close: async () => {
      gate.cut();
      if (server.listening) server.close();
      server.closeAllConnections();
      await closed;
      await backend.close?.();
    },
  };
}

/** Options of `startFakeUpstream`. */
export interface StartFakeUpstreamOptions extends FakeUpstreamOptions {
  host?: string;
  port?: number;
}

/** A running fake upstream. */
export interface RunningFakeUpstream extends RunningServer {
  /** The OpenAI base URL, e.g. `http://127.0.0.1:8081/v1`. */
  baseUrl: string;
  log: RequestLog;
}

/**
 * Starts the scriptable fake upstream and resolves once it listens (port 0 picks a free port).
 * @example const up = await startFakeUpstream({ port: 0 }); createUpstreamBackend({ baseUrl: up.baseUrl });
 */
export async function startFakeUpstream(
  options: StartFakeUpstreamOptions = {},
): Promise<RunningFakeUpstream> {
  const host = options.host ?? '127.0.0.1';
  // Loaded here, not at the top: a reference server never pays for the fake upstream's modules.
  const { createFakeUpstream } = require('./fake-upstream') as typeof import('./fake-upstream');
  const fake = createFakeUpstream(options);
  const server = createServer(fake.handler);
  server.listen(options.port ?? 8081, host);
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  return {
    url,
    baseUrl: `${url}/v1`,
    port,
    log: fake.log,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** A running replay upstream. */
export interface RunningReplay {
  /** The OpenAI base URL, e.g. `http://127.0.0.1:8081/v1`. */
  baseUrl: string;
  /** Chat answers available to replay. */
  entries: number;
  close(): Promise<void>;
}

/**
 * Serves a `check --record` directory as a fake upstream on `host:port` (0 picks a free port).
 * @example const up = await startReplayUpstream('rec', { port: 0, timing: 'instant' });
 */
export async function startReplayUpstream(
  dir: string,
  options: { host?: string; port?: number; timing?: ReplayTiming } = {},
): Promise<RunningReplay> {
  const { createReplayUpstream, loadReplay } =
    require('./fake-upstream/replay') as typeof import('./fake-upstream/replay');
  const source = await loadReplay(dir);
  const server = createServer(createReplayUpstream(source, options.timing ?? 'recorded'));
  const host = options.host ?? '127.0.0.1';
  server.listen(options.port ?? 8081, host);
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://${host.includes(':') ? `[${host}]` : host}:${port}/v1`,
    entries: source.entries.length,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
