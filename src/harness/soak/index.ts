/**
 * The soak tool: many concurrent streams of planned kinds (normal, slow, failing, aborted) against a
 * server, each judged for a lost stream or a failure that looked like success. Used by `npm run soak`
 * and `npm run shutdown`.
 */
export { judgeStream } from './judgeStream';
export { type KindFigures, runSoak, type SoakOptions, type SoakProblem, type SoakReport } from './runSoak';
export { planStreams, type SoakShares, type StreamKind, type StreamPlan } from './soakPlan';
export { runStream, type StreamResult } from './soakStream';
