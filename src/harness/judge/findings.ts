import { rawLines, type SseTranscript } from '../../sse';
import type { DecodedEvent } from '../decode/decode';
import type { CheckOutcome, Exchange, Finding, ScenarioRun } from '../types';

/** At most this many findings per exchange and check; the rest are counted. */
export const FINDINGS_PER_EXCHANGE = 5;

/** The outcome of a check that has nothing to judge in this run. */
export function notApplicable(reason: string): CheckOutcome {
  return { applies: false, reason };
}

/** Not applicable when the scenario could not be run meaningfully; undefined otherwise. */
export function whenSkipped(run: ScenarioRun): CheckOutcome | undefined {
  return run.skipped ? notApplicable(`scenario skipped: ${run.skipped}`) : undefined;
}

/** Where a finding is and what it quotes, besides its exchange. */
export interface FindingDetail {
  event?: number;
  lines?: number[];
  evidence?: string[];
  relaxed?: string;
}

/** 1-based numbers of the raw lines `first..last` (0-based, inclusive). */
export function lineNumbers(first: number, last: number): number[] {
  const out: number[] = [];
  for (let i = first; i <= last; i++) out.push(i + 1);
  return out;
}

/** An event's location and raw lines, as a finding quotes them. */
export function eventDetail(transcript: SseTranscript, event: DecodedEvent): FindingDetail {
  const { firstLine, lastLine, index } = event.event;
  return {
    event: index + 1,
    lines: lineNumbers(firstLine, lastLine),
    evidence: rawLines(transcript, firstLine, lastLine),
  };
}

/** The finding that stands for `omitted` findings a cap left out. */
export function omittedSummary(exchange: string | undefined, omitted: number, relaxed?: string): Finding {
  const more: Finding = { message: `${omitted} more finding(s) like these not shown`, omitted };
  if (exchange !== undefined) more.exchange = exchange;
  if (relaxed) more.relaxed = relaxed;
  return more;
}

/**
 * Collects one exchange's findings, keeping the first few with their evidence and counting the
 * rest, so a defect repeated on every chunk of a long stream stays readable and bounded in memory.
 */
export class FindingLog {
  private readonly kept: Finding[] = [];
  private omitted = 0;
  private omittedRelaxed: string | undefined;
  private omittedAllRelaxed = true;

  private readonly quote: ((first: number, last: number) => string[]) | undefined;

  /**
   * @param source where quoted lines come from: a kept transcript, or a stream's view (see
   *   `StreamView`), which while streaming holds only recent lines
   */
  constructor(
    private readonly exchange: string | undefined,
    source?: SseTranscript | { lines(first: number, last?: number): string[] },
  ) {
    if (!source) this.quote = undefined;
    else if (typeof source.lines === 'function') {
      const view = source as { lines(first: number, last?: number): string[] };
      this.quote = (first, last) => view.lines(first, last);
    } else this.quote = (first, last) => rawLines(source as SseTranscript, first, last);
  }

  /** Whether another finding would still be kept (callers may skip building evidence otherwise). */
  get full(): boolean {
    return this.kept.length >= FINDINGS_PER_EXCHANGE;
  }

  /** Adds a finding; `detail` gives its location and quoted lines. */
  add(message: string, detail: FindingDetail = {}): void {
    if (this.full) {
      this.omitted++;
      if (detail.relaxed) this.omittedRelaxed ??= detail.relaxed;
      else this.omittedAllRelaxed = false;
      return;
    }
    const f: Finding = { message };
    if (this.exchange !== undefined) f.exchange = this.exchange;
    if (detail.event !== undefined) f.event = detail.event;
    if (detail.lines && detail.lines.length > 0) f.lines = detail.lines;
    if (detail.evidence && detail.evidence.length > 0) f.evidence = detail.evidence;
    if (detail.relaxed) f.relaxed = detail.relaxed;
    this.kept.push(f);
  }

  /** Adds a finding about one event of the exchange's stream, quoting its raw lines. */
  at(event: DecodedEvent, message: string, relaxed?: string): void {
    if (this.full || !this.quote) {
      this.add(message, { event: event.event.index + 1, ...(relaxed ? { relaxed } : {}) });
      return;
    }
    this.add(message, { ...this.detail(event), ...(relaxed ? { relaxed } : {}) });
  }

  /**
   * An event's location and raw lines, quoted now: a reducer that reports an event only at the
   * end of its stream keeps this, since a streamed recording keeps no old lines.
   */
  detail(event: DecodedEvent): FindingDetail {
    const { firstLine, lastLine, index } = event.event;
    const detail: FindingDetail = { event: index + 1, lines: lineNumbers(firstLine, lastLine) };
    if (this.quote) detail.evidence = this.quote(firstLine, lastLine);
    return detail;
  }

  /** Adds a finding quoting raw lines of the stream by 0-based index. */
  atLines(first: number, last: number, message: string, relaxed?: string): void {
    const evidence = this.quote ? this.quote(first, last) : [];
    this.add(message, { lines: lineNumbers(first, last), evidence, ...(relaxed ? { relaxed } : {}) });
  }

  /**
   * A log of the same exchange and source whose findings are {@link FindingLog.merge}d later: a
   * reducer that must report a finding known only at the end ahead of those it finds on the way.
   */
  defer(): FindingLog {
    const quote = this.quote;
    return new FindingLog(this.exchange, quote && { lines: (first, last = first) => quote(first, last) });
  }

  /** Appends a deferred log's findings, as if they had been added here in their order. */
  merge(other: FindingLog): void {
    for (const { message, exchange: _e, omitted: _o, ...detail } of other.kept) this.add(message, detail);
    if (other.omitted === 0) return;
    // Both logs have the same cap, so this one is full by now: the rest count as omitted here too.
    this.omitted += other.omitted;
    if (other.omittedRelaxed) this.omittedRelaxed ??= other.omittedRelaxed;
    if (!other.omittedAllRelaxed) this.omittedAllRelaxed = false;
  }

  findings(): Finding[] {
    if (this.omitted === 0) return this.kept;
    // The summary is only as tolerable as what it stands for.
    const relaxed = this.omittedAllRelaxed ? this.omittedRelaxed : undefined;
    return [...this.kept, omittedSummary(this.exchange, this.omitted, relaxed)];
  }
}

/**
 * The loop every check goes through: runs `inspect` on each applicable exchange with a findings log
 * of its own (so every check gets the same cap on repeated findings) and gathers the findings;
 * `{ applies: false }` when no exchange applies.
 */
export function eachExchange<E extends Exchange>(
  exchanges: readonly E[],
  whenNone: string,
  inspect: (exchange: E, log: FindingLog) => void,
): CheckOutcome {
  if (exchanges.length === 0) return notApplicable(whenNone);
  const findings: Finding[] = [];
  for (const exchange of exchanges) {
    const log = new FindingLog(exchange.label, exchange.response?.sse);
    inspect(exchange, log);
    findings.push(...log.findings());
  }
  return { applies: true, findings };
}

/**
 * Applies the per-exchange cap to findings a check gathered itself: the same bound as
 * {@link FindingLog}, applied by the judging loop to every check.
 */
export function capFindings(findings: readonly Finding[]): Finding[] {
  const logs = new Map<string | undefined, FindingLog>();
  const order: FindingLog[] = [];
  let capped = false;
  const counts = new Map<string | undefined, number>();
  for (const f of findings) counts.set(f.exchange, (counts.get(f.exchange) ?? 0) + 1);
  for (const n of counts.values()) if (n > FINDINGS_PER_EXCHANGE + 1) capped = true;
  if (!capped) return [...findings];
  for (const f of findings) {
    let log = logs.get(f.exchange);
    if (!log) {
      log = new FindingLog(f.exchange);
      logs.set(f.exchange, log);
      order.push(log);
    }
    const { message, exchange: _e, omitted: _o, ...detail } = f;
    log.add(message, detail);
  }
  return order.flatMap((l) => l.findings());
}
