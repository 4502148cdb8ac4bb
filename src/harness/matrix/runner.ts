import type { ConformanceOptions } from '../runConformance';
import type { Report } from '../types';
import { HarnessFailure } from '../types';
import { buildMatrix, type Matrix, type TargetOutcome } from './model';
import { runRepeated } from './repeat';

/** A target ready to run: its options, and what to stop afterwards (a server started for it). */
export interface PreparedTarget {
  options: ConformanceOptions;
  close?: () => Promise<void>;
}

/** One target of a matrix run: a name and how to get it ready (start a server, resolve a key…). */
export interface MatrixTarget {
  name: string;
  prepare: () => Promise<PreparedTarget>;
}

/** Options of {@link runMatrix}. */
export interface MatrixOptions {
  /** Targets run at once (default 2). */
  concurrency?: number;
  /** Runs per target (default 1); checks that disagree across runs are intermittent. */
  repeat?: number;
  /** The run itself, injectable for tests (default: `runConformance`). */
  run?: (o: ConformanceOptions) => Promise<Report>;
  /** Called as each target finishes. */
  onTarget?: (outcome: TargetOutcome) => void;
  now?: () => number;
}

/** Runs one target; a failure to start or answer becomes the target's error, never the run's. */
async function runTarget(target: MatrixTarget, options: MatrixOptions): Promise<TargetOutcome> {
  let prepared: PreparedTarget | undefined;
  try {
    prepared = await target.prepare();
    const report = await runRepeated(prepared.options, options.repeat ?? 1, options.run);
    return { name: target.name, report };
  } catch (err) {
    const code = err instanceof HarnessFailure ? err.code : 'internal';
    const message = err instanceof Error ? err.message : String(err);
    return { name: target.name, error: { code, message } };
  } finally {
    await prepared?.close?.().catch(() => {});
  }
}

/**
 * Runs the conformance against every target, at most `concurrency` at once, and builds the matrix
 * (rows in the targets' order). A target that does not answer is a row with its error.
 * @example const m = await runMatrix([{ name: 'local', prepare: async () => ({ options: { baseUrl } }) }]);
 */
export async function runMatrix(
  targets: readonly MatrixTarget[],
  options: MatrixOptions = {},
): Promise<Matrix> {
  const outcomes: TargetOutcome[] = new Array(targets.length);
  const limit = Math.max(1, Math.min(options.concurrency ?? 2, targets.length || 1));
  let next = 0;
  const worker = async () => {
    while (next < targets.length) {
      const i = next++;
      const outcome = await runTarget(targets[i]!, options);
      outcomes[i] = outcome;
      options.onTarget?.(outcome);
    }
  };
  await Promise.all(Array.from({ length: limit }, worker));
  return buildMatrix(outcomes, options.now ? { now: options.now } : {});
}
