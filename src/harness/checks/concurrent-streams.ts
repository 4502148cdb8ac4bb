import { classifyStream } from '../decode/classify';
import { eventLines, firstChunk, notApplicable, statusLine, whenSkipped } from '../judge';
import type { Check, Finding } from '../types';

/**
 * Streams served at the same time stay apart: each completes, and none shares another's id.
 * @see ../../../openapi.yaml (createChatCompletion: every chunk of one stream has the same id)
 */
export const concurrentStreams: Check = {
  id: 'concurrent-streams',
  severity: 'must',
  rule: 'Several concurrent streams each complete successfully and carry ids distinct from each other.',
  offline: false,
  run(run) {
    const skipped = whenSkipped(run);
    if (skipped) return skipped;
    if (run.scenario !== 'concurrent-streams')
      return notApplicable('only the concurrent-streams scenario runs streams together');
    const findings: Finding[] = [];
    const byId = new Map<string, Array<{ label: string; line: string }>>();
    for (const exchange of run.exchanges) {
      const found = classifyStream(exchange);
      if (found !== 'success') {
        findings.push({
          message: `stream ${exchange.label} ended ${found}, not in success`,
          evidence: exchange.response ? [statusLine(exchange.response)] : ['no response'],
          exchange: exchange.label,
        });
      }
      const first = exchange.response?.sse && firstChunk(exchange.response.sse);
      // An empty or missing id is the stream checks' finding; sharing one is this check's.
      if (!first || typeof first.json.id !== 'string' || first.json.id === '') continue;
      byId.set(first.json.id, [
        ...(byId.get(first.json.id) ?? []),
        { label: exchange.label, line: eventLines(exchange.response!.sse!, first.event)[0] ?? '' },
      ]);
    }
    for (const [id, streams] of byId) {
      if (streams.length < 2) continue;
      findings.push({
        message: `streams ${streams.map((s) => s.label).join(', ')} share the id "${id}"`,
        evidence: streams.map((s) => `${s.label}: ${s.line}`),
        exchange: streams[1]!.label,
      });
    }
    return { applies: true, findings };
  },
};
