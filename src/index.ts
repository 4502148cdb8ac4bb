/**
 * The package root (`chat-contract`): the conformance harness and its reporters, and the reference
 * server and fake upstream to run it against in-process. Also, as before, the contract, and the
 * harness, server, SSE codec and fake upstream as namespaces. Client authors import
 * `chat-contract/client`; wire types alone are `chat-contract/contract`.
 * @example
 * import { renderPretty, runConformance, startServer } from 'chat-contract';
 * const server = await startServer({ port: 0 });
 * const report = await runConformance({ baseUrl: `${server.url}/v1`, faultDirectives: true });
 * console.log(renderPretty(report));
 */
export * from './contract';
export * as fakeUpstream from './fake-upstream';
export * from './harness';
export * as harness from './harness';
export * as server from './server';
export * as sse from './sse';
export {
  type RunningFakeUpstream,
  type RunningReferenceServer,
  type RunningServer,
  type StartFakeUpstreamOptions,
  type StartOptions,
  startFakeUpstream,
  startServer,
} from './start';
