import { judgeStream } from './judgeStream';
import type { StreamKind, StreamPlan } from './soakPlan';
import { runStream, type StreamResult } from './soakStream';

/** Options of `runSoak`. */
export interface SoakOptions {
  /** The API base, e.g. `http://127.0.0.1:8080/v1`. */
  baseUrl: string;
  plans: readonly StreamPlan[];
  /** Streams open at once (default 200). */
  concurrency?: number;
  /** No stream starts after this many ms (default 60 000); started ones finish. */
  durationMs?: number;
  /** Per-stream limit; a stream still open after it is a problem (default 30 000). */
  streamTimeoutMs?: number;
  fetch?: typeof fetch;
  now?: () => number;
}

/** Counts for one kind of stream. */
export interface KindFigures {
  planned: number;
  run: number;
  correct: number;
  wrong: number;
}

/** One stream that was lost or wrong. */
export interface SoakProblem {
  index: number;
  kind: StreamKind;
  problems: string[];
  result: StreamResult;
}

/** What a soak run saw from the client side. */
export interface SoakReport {
  byKind: Record<StreamKind, KindFigures>;
  problems: SoakProblem[];
  elapsedMs: number;
  /** Streams not started because the time was up. */
  skipped: number;
}

/**
 * Runs planned streams against a server, at most `concurrency` at once and none started after
 * `durationMs`, and judges each one.
 * @example const report = await runSoak({ baseUrl, plans: planStreams(1, 150), concurrency: 50 });
 */
export async function runSoak(options: SoakOptions): Promise<SoakReport> {
  const now = options.now ?? Date.now;
  const started = now();
  const deadline = started + (options.durationMs ?? 60_000);
  const zero = (): KindFigures => ({ planned: 0, run: 0, correct: 0, wrong: 0 });
  const byKind: Record<StreamKind, KindFigures> = {
    normal: zero(),
    abort: zero(),
    'fault-mid': zero(),
    'fault-early': zero(),
  };
  for (const p of options.plans) byKind[p.kind].planned++;
  const problems: SoakProblem[] = [];
  let next = 0;
  let skipped = 0;
  const worker = async () => {
    while (next < options.plans.length) {
      const plan = options.plans[next++] as StreamPlan;
      if (now() > deadline) {
        skipped++;
        continue;
      }
      const result = await runStream(plan, {
        baseUrl: options.baseUrl,
        fetch: options.fetch,
        timeoutMs: options.streamTimeoutMs ?? 30_000,
      });
      const found = judgeStream(plan, result);
      const figures = byKind[plan.kind];
      figures.run++;
      if (found.length) {
        figures.wrong++;
        problems.push({ index: plan.index, kind: plan.kind, problems: found, result });
      } else figures.correct++;
    }
  };
  const workers = Math.max(1, Math.min(options.concurrency ?? 200, options.plans.length));
  await Promise.all(Array.from({ length: workers }, worker));
  problems.sort((a, b) => a.index - b.index);
  return { byKind, problems, elapsedMs: now() - started, skipped };
}
