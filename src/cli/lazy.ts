import type * as Main from '../main';
import type * as UpstreamBackend from '../server/backends/upstream';

/*
 * Commands load the server side only when they start a server: express, openapi-backend and the
 * official clients are most of the CLI's start-up time, which `check-transcript` should not pay.
 */

/** src/main.ts, loaded on first use. */
export function loadMain(): typeof Main {
  return require('../main') as typeof Main;
}

/** The upstream backend, loaded on first use. */
export function loadUpstreamBackend(): typeof UpstreamBackend {
  return require('../server/backends/upstream') as typeof UpstreamBackend;
}
