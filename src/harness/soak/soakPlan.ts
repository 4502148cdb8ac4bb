import { directive } from '../../contract';
import { createPrng } from '../fuzz/prng';

/** What a soak client does: read to the end, leave mid-stream, or ask for a fault. */
export type StreamKind = 'normal' | 'abort' | 'fault-mid' | 'fault-early';

/** One streamed request of a soak run and what its client will do. */
export interface StreamPlan {
  index: number;
  kind: StreamKind;
  /** Content tokens asked for with `tokens=N`. */
  tokens: number;
  delayMs: number;
  /** For `fault-mid`: content chunks before the fault (`after=N`). */
  after?: number;
  /** For `abort`: content chunks the client reads before it leaves. */
  abortAfterChunks?: number;
  body: Record<string, unknown>;
}

/** Shares of each misbehaviour; the rest of the streams are normal. */
export interface SoakShares {
  abort: number;
  fault: number;
}

/**
 * Plans `count` streams with a seed: normal ones with a few tokens and small delays, clients that
 * leave mid-stream, and streams that ask the scripted backend for a fault (mid-stream or before
 * the first token), in the given shares.
 * @example planStreams(7, 2000, { abort: 0.2, fault: 0.2 })
 */
export function planStreams(
  seed: number,
  count: number,
  shares: SoakShares = { abort: 0.2, fault: 0.2 },
): StreamPlan[] {
  const rng = createPrng(seed);
  const plans: StreamPlan[] = [];
  for (let index = 0; index < count; index++) {
    const roll = rng.next();
    let plan: Omit<StreamPlan, 'body'>;
    if (roll < shares.abort) {
      // 1000 tokens 10 ms apart: ten seconds, so a backend still running after the client left
      // shows up in the gauge long after the stream should have been released.
      plan = { index, kind: 'abort', tokens: 1000, delayMs: 10, abortAfterChunks: rng.int(1, 3) };
    } else if (roll < shares.abort + shares.fault / 2) {
      // after ≥ 1: with no content before it, a fault precedes the first event and is an HTTP error.
      plan = { index, kind: 'fault-mid', tokens: 6, delayMs: rng.int(0, 3), after: rng.int(1, 3) };
    } else if (roll < shares.abort + shares.fault) {
      plan = { index, kind: 'fault-early', tokens: 6, delayMs: 0 };
    } else {
      plan = { index, kind: 'normal', tokens: rng.int(1, 8), delayMs: rng.int(0, 5) };
    }
    plans.push({ ...plan, body: requestBody(plan) });
  }
  return plans;
}

function requestBody(plan: Omit<StreamPlan, 'body'>): Record<string, unknown> {
  const asks = [directive('tokens', plan.tokens), directive('delay-ms', plan.delayMs)];
  if (plan.kind === 'fault-mid')
    asks.push(directive('fault', 'mid-stream'), directive('after', plan.after ?? 0));
  if (plan.kind === 'fault-early') asks.push(directive('fault', 'before-first-token'));
  return {
    model: 'chat-contract-scripted',
    stream: true,
    messages: [{ role: 'user', content: `soak stream ${plan.index} ${asks.join(' ')}` }],
  };
}
