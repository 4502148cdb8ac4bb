import {
  judgePacing,
  MIN_CONTENT_CHUNKS,
  MIN_GENERATION_MS,
  notApplicable,
  whenPacingUnknown,
} from '../judge';
import type { Check, Exchange, Finding } from '../types';

/** Whether the request offered a compressed response (`Accept-Encoding` naming gzip or br). */
export function offeredCompression(exchange: Exchange): boolean {
  const entry = Object.entries(exchange.request.headers).find(
    ([name]) => name.toLowerCase() === 'accept-encoding',
  );
  return entry !== undefined && /\b(gzip|br)\b/i.test(entry[1]);
}

/**
 * With `Accept-Encoding: gzip, br` a stream is still delivered as it is generated: a compressor
 * that buffers until its window fills turns a stream into one late burst.
 * @see https://www.rfc-editor.org/rfc/rfc9110#name-accept-encoding
 */
export const compressionFlush: Check = {
  id: 'compression-flush',
  severity: 'should',
  rule: 'A paced stream requested with Accept-Encoding gzip or br still arrives spread over its generation time, not in one burst when the compressor flushes.',
  offline: true,
  run(run) {
    const unknown = whenPacingUnknown(run);
    if (unknown) return unknown;
    const findings: Finding[] = [];
    let judged = 0;
    for (const exchange of run.exchanges.filter(offeredCompression)) {
      const pacing = judgePacing(exchange);
      if (!pacing.judged) continue;
      judged++;
      if (pacing.burst) {
        const encoding = exchange.response?.headers['content-encoding'] ?? 'none';
        findings.push({
          ...pacing.burst,
          message: `${pacing.burst.message} (content-encoding: ${encoding})`,
          exchange: exchange.label,
        });
      }
    }
    if (judged === 0) {
      return notApplicable(
        `no stream offered gzip or br and was paced (delay-ms directive) over ${MIN_GENERATION_MS} ms with ${MIN_CONTENT_CHUNKS} content chunks`,
      );
    }
    return { applies: true, findings };
  },
};
