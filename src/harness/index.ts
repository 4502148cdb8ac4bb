/**
 * The conformance harness as a library: drive a target, get a report, render it.
 * @example
 * import { runConformance, renderPretty } from 'chat-contract';
 * const report = await runConformance({ baseUrl: 'http://127.0.0.1:8080/v1', faultDirectives: true });
 * console.log(renderPretty(report));
 */
export { classifyStream } from './decode/classify';
export { decodeEvents } from './decode/decode';
export * from './matrix';
export { PROBES, type ProbeOptions, probeTable, probeTarget, runProbes } from './probe';
export { type ClientOptions, type ExchangeSpec, type FetchLike, recordExchange } from './record/client';
export { curlFor } from './record/curl';
export {
  type DirRecorder,
  type ExchangeSidecar,
  RECORDING_LAYOUT,
  type RecordDirOptions,
  recordToDir,
} from './record/recordDir';
export { exchangeFrom, type Recording, runFromRecordings } from './record/recorded';
export { REDACTED } from './record/redact';
export { checkRecordedDir, loadRecordedRuns, type RecordedDirOptions } from './record/replayDir';
export {
  checkTranscripts,
  type Sidecar,
  type TranscriptOptions,
  type TranscriptSource,
} from './record/transcripts';
export { type UpstreamLogOptions, upstreamLogFacts } from './record/upstreamLog';
export { CHECKS, checkById } from './registry';
export {
  FAILURE_HANDLING_UNTESTED,
  type PrettyOptions,
  type ProbeReport,
  type ReportFormat,
  render,
  renderHtml,
  renderJson,
  renderJunit,
  renderMarkdown,
  renderPretty,
  renderProbeReport,
} from './reporters';
export { type ConformanceOptions, judge, runConformance } from './runConformance';
export { SCENARIOS, type Scenario, type ScenarioContext } from './scenarios';
export * from './types';
