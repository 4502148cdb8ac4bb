import {
  askedForUsage,
  type ChunkEvent,
  choicesOf,
  chunkEvents,
  decodeEvents,
  eachExchange,
  NOT_SUCCESS_STREAM,
  readToEnd,
  sequenceExchanges,
} from '../judge';
import type { Check } from '../types';

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
      const doneAt = decodeEvents(transcript).findIndex((d) => d.kind === 'done');
      let lastFinish: ChunkEvent | undefined;
      const usageChunks: ChunkEvent[] = [];
      for (const c of chunkEvents(transcript)) {
        const empty = Array.isArray(c.json.choices) && c.json.choices.length === 0;
        if (!empty) {
          if (choicesOf(c.json).some((ch) => ch.finish_reason !== null && ch.finish_reason !== undefined)) {
            lastFinish = c;
          }
          if (asked && c.json.usage !== undefined && c.json.usage !== null) {
            log.at(c, `usage on a chunk that is not the usage chunk (must be absent or null)`);
          }
        } else if (!asked) {
          log.at(c, `choices [] although include_usage was not asked: clients index choices[0]`);
        } else if (!hasUsage(c)) {
          log.at(c, `choices [] without a usage object`);
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
      for (const c of extra) log.at(c, `a second usage chunk`);
      if (lastFinish && usage.event.index < lastFinish.event.index) {
        log.at(usage, `the usage chunk comes before the finish at event ${lastFinish.event.index + 1}`);
      }
      if (doneAt >= 0 && usage.event.index > doneAt) {
        log.at(usage, `the usage chunk comes after [DONE]`);
      }
    });
  },
};
