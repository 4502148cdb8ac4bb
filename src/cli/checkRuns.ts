import type { ConformanceOptions, Exchange, Report } from '../harness';
import { runRepeated } from '../harness/matrix';
import { intermittentText } from '../harness/matrix/repeat';
import { recordToDir } from '../harness/record/recordDir';
import { runConformance } from '../harness/runConformance';
import type { CommandIo } from './io';

/** What `check --repeat` and `check --record` add to a run. */
export interface RunExtras {
  /** Runs of the whole conformance (default 1). */
  repeat?: number;
  /** Directory to record every exchange of the run into. */
  record?: string;
}

/**
 * Runs the conformance for `check`, repeated (`--repeat N`: checks that disagree across runs are
 * intermittent, listed on stderr) and recorded (`--record DIR`: every exchange, its sidecar, the
 * report), composing the `onExchange` already set (e.g. `--verbose`).
 */
export async function conformance(
  options: ConformanceOptions,
  extras: RunExtras,
  io: CommandIo,
): Promise<Report> {
  const recorder = extras.record
    ? recordToDir(extras.record, {
        target: options.baseUrl,
        directivesHonoured: options.faultDirectives ?? false,
      })
    : undefined;
  const verbose = options.onExchange;
  const run: ConformanceOptions = recorder
    ? {
        ...options,
        onExchange: (scenario: string, e: Exchange) => {
          verbose?.(scenario, e);
          recorder.onExchange(scenario, e);
        },
      }
    : options;
  // A recording keeps one run: the first, which a replay judges the same way.
  const report =
    (extras.repeat ?? 1) > 1
      ? await runRepeated(run, extras.repeat!, recorder ? firstRecorded(run) : runConformance)
      : await runConformance(run);
  await recorder?.finish(report);
  for (const i of report.repeat?.intermittent ?? [])
    await io.stderr(`intermittent: ${i.check} on ${i.scenario} (${i.severity}): ${intermittentText(i)}\n`);
  return report;
}

/** Runs the conformance with the recorder on the first run only. */
function firstRecorded(recording: ConformanceOptions): (o: ConformanceOptions) => Promise<Report> {
  let runs = 0;
  return (o) => {
    const { onExchange: _skip, ...rest } = o;
    return runConformance(runs++ === 0 ? recording : rest);
  };
}
