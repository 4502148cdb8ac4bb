import { askedForUsage } from '../decode/decode';
import type { Check } from '../types';
import {
  type ChunkEvent,
  choicesOf,
  chunkEvents,
  decoded,
  eachExchange,
  NOT_SUCCESS_STREAM,
  readToEnd,
  sequenceExchanges,
} from '../judge/stream';

function hasUsage(c: ChunkEvent): boolean {
  return typeof c.json.usage === 'object' && c.json.usage !== null;
}

/**
 * With `stream_options.include_usage`, exactly one chunk with `choices: []` and the usage totals
 * follows every finish and precedes `[DONE]`, and no other chunk carries usage; without it, no chunk
 * has empty `choices`.
 * @see https://platform.openai.com/docs/api-reference/chat/create#chat-create-stream_options
 */
export const usageChunk: Check = {
  id: 'usage-chunk',
  severity: 'must',
  rule: 'With include_usage, exactly one chunk with choices [] and usage follows every finish and precedes [DONE], and no other chunk carries usage; without it, no chunk has empty choices.',
  offline: true,
  run(run) {
    return eachExchange(sequenceExchanges(run), NOT_SUCCESS_STREAM, (exchange, log) => {
      const transcript = exchange.response.sse;
      const asked = askedForUsage(exchange);
      const doneAt = decoded(transcript).findIndex((d) => d.kind === 'done');
      let lastFinish: ChunkEvent | undefined;
      const usageChunks: ChunkEvent[] = [];
      for (const c of chunkEvents(transcript)) {
        const at = `event ${c.event.index + 1}`;
        const empty = Array.isArray(c.json.choices) && c.json.choices.length === 0;
        if (!empty) {
          if (choicesOf(c.json).some((ch) => ch.finish_reason !== null && ch.finish_reason !== undefined)) {
            lastFinish = c;
          }
          if (asked && c.json.usage !== undefined && c.json.usage !== null) {
            log.add(
              `${at}: usage on a chunk that is not the usage chunk (must be absent or null)`,
              c.evidence,
            );
          }
        } else if (!asked) {
          log.add(
            `${at}: choices [] although include_usage was not asked: clients index choices[0]`,
            c.evidence,
          );
        } else if (!hasUsage(c)) {
          log.add(`${at}: choices [] without a usage object`, c.evidence);
        } else {
          usageChunks.push(c);
        }
      }
      if (!asked) return;
      const [usage, ...extra] = usageChunks;
      if (!usage) {
        if (readToEnd(exchange))
          log.add('include_usage was asked but no chunk with choices [] and usage came');
        return;
      }
      for (const c of extra) log.add(`event ${c.event.index + 1}: a second usage chunk`, c.evidence);
      if (lastFinish && usage.event.index < lastFinish.event.index) {
        log.add(
          `event ${usage.event.index + 1}: the usage chunk comes before the finish at event ${lastFinish.event.index + 1}`,
          usage.evidence,
        );
      }
      if (doneAt >= 0 && usage.event.index > doneAt) {
        log.add(`event ${usage.event.index + 1}: the usage chunk comes after [DONE]`, usage.evidence);
      }
    });
  },
};
