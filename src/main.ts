import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import pino, { type Logger } from 'pino';
import { createFakeUpstream, type FakeUpstreamOptions, type RequestLog } from './fake-upstream';
import { createApp } from './server/app';
import { createScriptedBackend } from './server/backends/scripted';
import type { ChatBackend } from './server/backends/types';
import type { ServerOptions } from './server/options';

/** A running server. */
export interface RunningServer {
  /** Base URL without a trailing slash, e.g. `http://127.0.0.1:8080`. */
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Options of `startServer`. */
export interface StartOptions extends Partial<Omit<ServerOptions, 'backend' | 'logger'>> {
  host?: string;
  port?: number;
  backend?: ChatBackend;
  logger?: Logger;
}

/**
 * Starts the reference server and resolves once it listens (port 0 picks a free port).
 * @example const s = await startServer({ port: 0 }); await fetch(`${s.url}/health`); await s.close();
 */
export async function startServer(options: StartOptions = {}): Promise<RunningServer> {
  const host = options.host ?? '127.0.0.1';
  const backend = options.backend ?? createScriptedBackend();
  const logger = options.logger ?? pino({ level: 'silent' });
  const app = createApp({ ...options, backend, logger });
  const server = app.listen(options.port ?? 8080, host);
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  const shownHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${shownHost}:${port}`,
    port,
    close: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
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
