import type { CheckResult, Finding } from '../types';

/**
 * Where a finding or result is, from its fields: `[stream] event 3`, `[stream] line 5`, or ''. A
 * finding from a recording (`source` set) reads `file.sse:5` (its first raw line), or `file.sse
 * event 3` when no line is known.
 */
export function locationOf(where: Pick<Finding, 'exchange' | 'event' | 'lines' | 'source'>): string {
  if (where.source) {
    if (where.lines?.length) return `${where.source}:${where.lines[0]}`;
    return where.event !== undefined ? `${where.source} event ${where.event}` : where.source;
  }
  const parts: string[] = [];
  if (where.exchange) parts.push(`[${where.exchange}]`);
  if (where.event !== undefined) parts.push(`event ${where.event}`);
  else if (where.lines?.length) parts.push(`line ${where.lines[0]}`);
  return parts.join(' ');
}

/**
 * A result's one-line description for people: location, message, how many more findings, and the
 * compatible profile's tolerances when they made it a warning.
 * @example describeResult(r) // '[stream] event 3: id changed from "a" to "b" (and 4 more)'
 */
export function describeResult(r: CheckResult): string {
  const where = locationOf(r);
  const pinned = r.event !== undefined || Boolean(r.lines?.length);
  let text = where ? `${where}${pinned ? ':' : ''} ${r.message}` : r.message;
  if (r.more) text += ` (and ${r.more} more)`;
  if (r.tolerated?.length) text += ` (tolerated in compatible: ${r.tolerated.join(', ')})`;
  return text;
}
