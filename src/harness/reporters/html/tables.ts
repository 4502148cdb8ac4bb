import type { ProbeResult, Report } from '../../types';
import { escapeHtml } from './escape';

function table(head: readonly string[], rows: readonly string[][], rowClass?: (i: number) => string): string {
  const th = head.map((h) => `<th scope="col">${escapeHtml(h)}</th>`).join('');
  const trs = rows.map((cells, i) => {
    const cls = rowClass?.(i);
    return `<tr${cls ? ` class="${cls}"` : ''}>${cells.map((c) => `<td>${c}</td>`).join('')}</tr>`;
  });
  return `<table><thead><tr>${th}</tr></thead><tbody>${trs.join('\n')}</tbody></table>`;
}

/**
 * A stream class's badge colour: success green, every other class neutral. The classes are how a
 * client would experience the stream, not verdicts: a truncated stream is right after a deliberate
 * hang-up and an error is right for an injected fault, and the report does not say which was asked.
 */
function classBadge(c: string): string {
  return c === 'success' ? 'pass' : 'info';
}

/**
 * How a client would experience each streamed exchange (success, failed-with-error, corrupt,
 * truncated), one row per exchange.
 */
export function streamsHtml(streams: Report['streams']): string {
  if (streams.length === 0) return '<p class="muted">No streamed exchanges.</p>';
  return table(
    ['scenario', 'exchange', 'as a client sees it'],
    streams.map((s) => [
      escapeHtml(s.scenario),
      `<span class="mono">${escapeHtml(s.exchange)}</span>`,
      `<span class="verdict v-${classBadge(s.class)}">${escapeHtml(s.class)}</span>`,
    ]),
  );
}

/** What official clients made of each injected fault, one row per scenario × client. */
export function clientsHtml(clients: NonNullable<Report['clients']>): string {
  if (clients.length === 0) return '<p class="muted">No official clients were run.</p>';
  return table(
    ['scenario', 'client', 'outcome'],
    clients.map((c) => [
      escapeHtml(c.scenario),
      escapeHtml(c.client),
      `<span class="verdict v-${c.outcome === 'raised error' ? 'pass' : c.outcome === 'not run' ? 'skip' : 'fail'}">${escapeHtml(c.outcome)}</span>`,
    ]),
  );
}

/** Which request parameters the target honours (`--probes`), one row per parameter with its evidence. */
export function probesHtml(probes: readonly ProbeResult[]): string {
  const badge = (v: ProbeResult['verdict']) =>
    v === 'honoured' ? 'pass' : v === 'inconclusive' ? 'skip' : v === 'ignored' ? 'warn' : 'info';
  return table(
    ['parameter', 'verdict', 'evidence'],
    probes.map((p) => [
      `<span class="mono">${escapeHtml(p.parameter)}</span>`,
      `<span class="verdict v-${badge(p.verdict)}">${escapeHtml(p.verdict)}</span>`,
      p.evidence.map(escapeHtml).join('<br>'),
    ]),
  );
}
