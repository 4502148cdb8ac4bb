import { MIN_CONTENT_CHUNKS, MIN_GENERATION_MS, pacingPass, singlePassCheck } from '../judge';
import type { Exchange } from '../types';

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
export const compressionFlush = singlePassCheck(
  {
    id: 'compression-flush',
    severity: 'should',
    rule: 'A paced stream requested with Accept-Encoding gzip or br still arrives spread over its generation time, not in one burst when the compressor flushes.',
    offline: true,
  },
  pacingPass(
    offeredCompression,
    `no stream offered gzip or br and was paced (delay-ms directive) over ${MIN_GENERATION_MS} ms with ${MIN_CONTENT_CHUNKS} content chunks`,
    (burst, exchange) =>
      `${burst} (content-encoding: ${exchange.response.headers['content-encoding'] ?? 'none'})`,
  ),
);
