import type * as UpstreamBackend from '../server/backends/upstream';
import type * as Start from '../start';

/*
 * Commands load the server side only when they start a server: express, openapi-backend and the
 * official clients are most of the CLI's start-up time, which `check-transcript` should not pay.
 */

/** src/start.ts (startServer, startFakeUpstream), loaded on first use. */
export function loadStart(): typeof Start {
  return require('../start') as typeof Start;
}

/** The upstream backend, loaded on first use. */
export function loadUpstreamBackend(): typeof UpstreamBackend {
  return require('../server/backends/upstream') as typeof UpstreamBackend;
}
