import type { DecodedEvent } from '../decode/decode';
import type { FindingLog } from './findings';

/**
 * A problem a check's pure rule found, with where it is: the event it is about, or a span of raw
 * lines (0-based, inclusive), and any evidence other than that event's own lines.
 */
export interface Located {
  message: string;
  at?: DecodedEvent;
  lines?: [first: number, last: number];
  evidence?: string[];
}

/** Adds located problems to an exchange's finding log, each with its location as data. */
export function logAll(log: FindingLog, problems: Iterable<Located>): void {
  for (const p of problems) {
    if (p.lines) log.atLines(p.lines[0], p.lines[1], p.message);
    else if (p.at && !p.evidence) log.at(p.at, p.message);
    else {
      log.add(p.message, {
        ...(p.at ? { event: p.at.event.index + 1 } : {}),
        ...(p.evidence ? { evidence: p.evidence } : {}),
      });
    }
  }
}

/** The map's value for a key, created with `make` when there is none yet. */
export function entry<K, V>(map: Map<K, V>, key: K, make: () => V): V {
  let value = map.get(key);
  if (value === undefined) {
    value = make();
    map.set(key, value);
  }
  return value;
}
