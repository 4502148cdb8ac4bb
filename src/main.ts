import type { AddressInfo } from 'node:net';
import pino, { type Logger } from 'pino';
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
