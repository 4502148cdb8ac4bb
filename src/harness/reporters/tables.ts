import type { Report } from '../types';
import { nameList, plural } from './groups';

/** Per scenario, how many of its checks passed (`verbose`). */
export function scenarioLines(report: Report): string[] {
  const counts = new Map<string, { pass: number; all: number }>();
  for (const r of report.results) {
    if (r.verdict === 'skip') continue;
    const c = counts.get(r.scenario) ?? { pass: 0, all: 0 };
    c.all++;
    if (r.verdict === 'pass') c.pass++;
    counts.set(r.scenario, c);
  }
  return [...counts].map(([scenario, c]) => `  ${scenario.padEnd(26)} ${c.pass}/${c.all} passed`);
}

/**
 * How a client would see each stream: grouped by class (every stream listed with `verbose`).
 */
export function streamLines(report: Report, verbose: boolean): string[] {
  if (report.streams.length === 0) return [];
  const out = ['', 'streams (as a client would see them):'];
  if (verbose) {
    for (const s of report.streams) out.push(`  ${s.class.padEnd(17)} ${s.scenario} / ${s.exchange}`);
    return out;
  }
  const byClass = new Map<string, string[]>();
  for (const s of report.streams) {
    byClass.set(s.class, [...(byClass.get(s.class) ?? []), `${s.scenario}/${s.exchange}`]);
  }
  for (const [cls, names] of byClass) {
    out.push(`  ${cls.padEnd(17)} ${plural(names.length, 'stream').padEnd(11)} ${nameList(names, 4)}`);
  }
  return out;
}

/** What the official clients made of each injected fault: one line per scenario. */
export function clientLines(report: Report, verbose: boolean): string[] {
  const rows = report.clients ?? [];
  if (rows.length === 0) return [];
  const out = ['', 'official clients on injected faults:'];
  if (verbose) {
    for (const c of rows) out.push(`  ${c.scenario} / ${c.client}: ${c.outcome}`);
    return out;
  }
  const byScenario = new Map<string, string[]>();
  for (const c of rows)
    byScenario.set(c.scenario, [...(byScenario.get(c.scenario) ?? []), `${c.client} ${c.outcome}`]);
  for (const [scenario, outcomes] of byScenario) out.push(`  ${scenario}: ${outcomes.join(', ')}`);
  return out;
}
