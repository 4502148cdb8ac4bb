import type { ChunkTemplate } from '../decode/chunkTemplate';
import { type DecodedEvent, isContentRepeat } from '../decode/decode';
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
  /** The reducer's `event`, bound. */
  call?: (d: DecodedEvent) => void;
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
  /** The reducers fed events: not idle, and not dropped for raising. */
  private hot: Running[] = [];
  /**
   * The hot reducers' `event` functions, bound: the per-event loop calls plain functions from one
   * array instead of loading `event` from two dozen reducer shapes. `repeatCalls` leaves out the
   * reducers that skip content repeats ({@link StreamReducer.skipsContentRepeats}).
   */
  private calls: Array<(d: DecodedEvent) => void> = [];
  private repeatCalls: Array<(d: DecodedEvent) => void> = [];
  /** The template the previous event was decoded through, if it was a chunk. */
  private previous: ChunkTemplate | undefined;
  /** The reducers that read raw lines. */
  private lineReaders: Running[] = [];

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
          entry.call = entry.reducer.event.bind(entry.reducer);
          this.hot.push(entry);
        }
        if (entry.reducer.line && !entry.reducer.idle) this.lineReaders.push(entry);
      } catch (err) {
        entry.error = err;
      }
      this.running.set(check, entry);
    }
    this.index();
  }

  /** Whether `check` is judged here rather than by its `run`. */
  has(check: Check): boolean {
    return this.running.has(check);
  }

  /** Feeds the stream's next decoded event to every reducer (but those it cannot concern). */
  event(d: DecodedEvent): void {
    const repeat = isContentRepeat(d, this.previous);
    this.previous = d.kind === 'chunk' ? d.template : undefined;
    let i = 0;
    // One try around the loop, not one per call: a reducer that raises is dropped and the rest go on.
    for (;;) {
      const calls = repeat ? this.repeatCalls : this.calls;
      if (i >= calls.length) return;
      try {
        for (; i < calls.length; i++) calls[i]!(d);
      } catch (err) {
        this.drop(this.hot.find((e) => e.call === calls[i])!, err);
      }
    }
  }

  /** Builds the call lists from the hot reducers. */
  private index(): void {
    this.calls = this.hot.map((e) => e.call!);
    this.repeatCalls = this.hot.filter((e) => !e.reducer.skipsContentRepeats).map((e) => e.call!);
  }

  /**
   * Stops feeding a reducer that raised (from `event` or `line`), keeping what it raised for its
   * outcome: it is fed neither events nor lines after that.
   */
  private drop(entry: Running, err: unknown): void {
    entry.error = err;
    this.hot = this.hot.filter((e) => e !== entry);
    this.lineReaders = this.lineReaders.filter((e) => e !== entry);
    this.index();
  }

  /** Whether any reducer reads raw lines (a reader need not report them otherwise). */
  get readsLines(): boolean {
    return this.lineReaders.length > 0;
  }

  /** Feeds the stream's next raw line to the reducers that read lines. */
  line(text: string, index: number): void {
    for (const entry of this.lineReaders) {
      try {
        entry.reducer.line!(text, index);
      } catch (err) {
        this.drop(entry, err);
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
