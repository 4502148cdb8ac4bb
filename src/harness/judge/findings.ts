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

/**
 * Collects one exchange's findings, keeping the first few with their evidence and counting the
 * rest, so a defect repeated on every chunk of a long stream stays readable and bounded in memory.
 */
export class FindingLog {
  private readonly kept: Finding[] = [];
  private omitted = 0;
  private omittedRelaxed: string | undefined;
  private omittedAllRelaxed = true;

  constructor(
    private readonly exchange: string | undefined,
    private readonly transcript?: SseTranscript,
  ) {}

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
    if (this.full || !this.transcript) {
      this.add(message, { event: event.event.index + 1, ...(relaxed ? { relaxed } : {}) });
      return;
    }
    this.add(message, { ...eventDetail(this.transcript, event), ...(relaxed ? { relaxed } : {}) });
  }

  /** Adds a finding quoting raw lines of the stream by 0-based index. */
  atLines(first: number, last: number, message: string, relaxed?: string): void {
    const evidence = this.transcript ? rawLines(this.transcript, first, last) : [];
    this.add(message, { lines: lineNumbers(first, last), evidence, ...(relaxed ? { relaxed } : {}) });
  }

  findings(): Finding[] {
    if (this.omitted === 0) return this.kept;
    const more: Finding = {
      message: `${this.omitted} more finding(s) like these not shown`,
      omitted: this.omitted,
    };
    if (this.exchange !== undefined) more.exchange = this.exchange;
    // The summary is only as tolerable as what it stands for.
    if (this.omittedAllRelaxed && this.omittedRelaxed) more.relaxed = this.omittedRelaxed;
    return [...this.kept, more];
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
