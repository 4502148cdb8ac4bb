import { chunkEvents, eachExchange, NOT_SUCCESS_STREAM, reportChanges, sequenceExchanges } from '../judge';
import type { Check } from '../types';

/**
 * Every chunk of one stream carries the same `created` timestamp.
 * @see https://platform.openai.com/docs/api-reference/chat-streaming/streaming ("Each chunk has the same timestamp")
 */
export const stableCreated: Check = {
  id: 'stable-created',
  severity: 'should',
  rule: 'Every chunk of a stream carries the same created timestamp.',
  offline: true,
  run(run) {
    return eachExchange(sequenceExchanges(run), NOT_SUCCESS_STREAM, (exchange, log) => {
      // Servers that stamp each chunk with the current second are common and clients ignore it.
      reportChanges(chunkEvents(exchange.response.sse), 'created', log, 'changing-created');
    });
  },
};
