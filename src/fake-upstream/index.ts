/** A scriptable OpenAI-compatible upstream for fault injection. */

export {
  createFakeUpstream,
  FAKE_UPSTREAM_MODELS,
  type FakeUpstream,
  type FakeUpstreamOptions,
  LOG_PATH,
} from './createFakeUpstream';
export {
  createReplayUpstream,
  loadReplay,
  pickEntry,
  type ReplayEntry,
  type ReplaySource,
  type ReplayTiming,
  SCENARIO_HEADER,
} from './replay';
export { planReply, type ReplyPlan } from './reply';
export { completion, type StreamIdentity, streamChunks } from './upstreamChunks';
export { type RecordedRequest, RequestLog, type RequestState } from './upstreamRequestLog';
export { DEFAULT_AFTER, DEFAULT_SLOW_MS, FAULT_ERROR_FRAME, MALFORMED_DATA } from './upstreamStream';
