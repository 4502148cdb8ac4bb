import type { DecodedEvent } from '../decode/decode';
import type { Check, CheckOutcome, ScenarioRun } from '../types';
import type { StreamExchange } from './exchanges';
import { FindingLog } from './findings';
import type { Judged, StreamReducer, StreamView } from './singlePass';

interface Running {
  reducer: StreamReducer<unknown>;
  log: FindingLog;
  judged?: Judged<unknown>;
  /** What the reducer raised, reported as the check's crash when it is judged. */
  error?: unknown;
}

/**
 * Runs the single-pass form of several checks over one stream while its events arrive, keeping
 * only each reducer's state; once the stream ended, gives each check's outcome on the run.
 * @example
 * const passes = new StreamPasses(checks, exchange, run, view);
 * reader.onEvent = (e) => passes.event(decodeEvent(e)); … passes.end(); passes.outcome(check, run);
 */
export class StreamPasses {
  private readonly running = new Map<Check, Running>();
  private hot: Running[] = [];
  /**
   * The hot reducers' `event` functions, bound, in the order of `hot`: the per-event loop calls
   * plain functions from one array instead of loading `event` from two dozen reducer shapes.
   */
  private calls: Array<(d: DecodedEvent) => void> = [];
  /** The reducers that read raw lines. */
  private readonly lineReaders: Running[] = [];

  /** Starts a reducer for every check in `checks` that has a single-pass form. */
  constructor(
    checks: readonly Check[],
    private readonly exchange: StreamExchange,
    run: ScenarioRun,
    stream: StreamView,
  ) {
    for (const check of checks) {
      if (!check.pass) continue;
      const log = new FindingLog(exchange.label, stream);
      const entry: Running = { reducer: { event() {}, end() {} }, log };
      try {
        entry.reducer = check.pass.reduce({ exchange, log, stream, run });
        if (!entry.reducer.idle) {
          this.hot.push(entry);
          this.calls.push(entry.reducer.event.bind(entry.reducer));
        }
        if (entry.reducer.line && !entry.reducer.idle) this.lineReaders.push(entry);
      } catch (err) {
        entry.error = err;
      }
      this.running.set(check, entry);
    }
  }

  /** Whether `check` is judged here rather than by its `run`. */
  has(check: Check): boolean {
    return this.running.has(check);
  }

  /** Feeds the stream's next decoded event to every reducer. */
  event(d: DecodedEvent): void {
    let i = 0;
    // One try around the loop, not one per call: a reducer that raises is dropped and the rest go on.
    while (i < this.calls.length) {
      const calls = this.calls;
      try {
        for (; i < calls.length; i++) calls[i]!(d);
      } catch (err) {
        this.drop(i, err);
      }
    }
  }

  /** Stops feeding the `i`th hot reducer, keeping what it raised for its outcome. */
  private drop(i: number, err: unknown): void {
    this.hot[i]!.error = err;
    this.hot = this.hot.filter((_e, k) => k !== i);
    this.calls = this.calls.filter((_c, k) => k !== i);
  }

  /** Whether any reducer reads raw lines (a reader need not report them otherwise). */
  get readsLines(): boolean {
    return this.lineReaders.length > 0;
  }

  /** Feeds the stream's next raw line to the reducers that read lines. */
  line(text: string, index: number): void {
    for (const entry of this.lineReaders) {
      if (entry.error !== undefined) continue;
      try {
        entry.reducer.line!(text, index);
      } catch (err) {
        entry.error = err;
      }
    }
  }

  /** The stream ended: every reducer gives its result. */
  end(): void {
    for (const entry of this.running.values()) {
      if (entry.error !== undefined) continue;
      try {
        const result = entry.reducer.end();
        entry.judged = { findings: entry.log.findings(), result };
      } catch (err) {
        entry.error = err;
      }
    }
  }

  /** A check's outcome on the run; raises what its reducer raised. */
  outcome(check: Check, run: ScenarioRun): CheckOutcome {
    const entry = this.running.get(check);
    if (!check.pass || !entry) throw new Error(`${check.id} was not run in the pass`);
    return check.pass.judge(run, (exchange) => {
      if (entry.error !== undefined) throw entry.error;
      if (exchange !== this.exchange || !entry.judged) {
        throw new Error(`${check.id} asked for a stream the pass did not read`);
      }
      return entry.judged;
    });
  }
}
