/**
 * Library entry: the contract, the SSE codec, the reference server, the fake upstream and the
 * conformance harness.
 * @example
 * import { harness, startServer } from 'chat-contract';
 * const server = await startServer({ port: 0 });
 * const report = await harness.runConformance({ baseUrl: `${server.url}/v1`, faultDirectives: true });
 */
export * from './contract';
export * as fakeUpstream from './fake-upstream';
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
