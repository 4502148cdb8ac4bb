/** Library entry: the contract, SSE codec, server factory and (later) the harness. */
export * from './contract';
export { type RunningServer, type StartOptions, startServer } from './main';
export * as server from './server';
export * as sse from './sse';
