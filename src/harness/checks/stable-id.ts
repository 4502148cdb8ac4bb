import { chunkEvents, eachExchange, NOT_SUCCESS_STREAM, reportChanges, sequenceExchanges } from '../judge';
import type { Check } from '../types';

/**
 * Every chunk of one stream carries the same non-empty `id`.
 * @see openapi.yaml createChatCompletion description (sequence rules)
 */
export const stableId: Check = {
  id: 'stable-id',
  severity: 'must',
  rule: 'Every chunk of a stream carries the same non-empty id.',
  offline: true,
  run(run) {
    return eachExchange(sequenceExchanges(run), NOT_SUCCESS_STREAM, (exchange, log) => {
      const chunks = chunkEvents(exchange.response.sse);
      const blank = chunks.filter((c) => typeof c.json.id !== 'string' || c.json.id === '');
      const first = blank[0];
      if (first) {
        // One finding for all of them: TGI sends `id: ""` on every chunk.
        log.at(first, `${blank.length} of ${chunks.length} chunks have an empty or missing id`);
      }
      reportChanges(chunks, 'id', log);
    });
  },
};
