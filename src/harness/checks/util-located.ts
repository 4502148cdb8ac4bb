import type { FindingLog } from './util-stream';

/**
 * A problem a check found, with where it is: `event` is the 1-based event number. Kept apart from
 * the message so the location can become a field of the finding rather than words in it.
 */
export interface Located {
  message: string;
  /** 1-based position of the event among the stream's events. */
  event?: number;
  /** Offending raw lines, quoted as received. */
  evidence?: string[];
}

/** Adds located problems to an exchange's finding log. */
export function logAll(log: FindingLog, problems: Iterable<Located>): void {
  for (const p of problems) log.add(p.message, p.evidence);
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
