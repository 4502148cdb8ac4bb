import { chunkEvents, eachExchange, NOT_SUCCESS_STREAM, sequenceExchanges } from '../judge';
import type { Check } from '../types';

const PREFIX = 'chatcmpl-';

/**
 * The stream's id starts with `chatcmpl-`, as OpenAI's do.
 * @see https://platform.openai.com/docs/api-reference/chat-streaming/streaming
 */
export const idPrefix: Check = {
  id: 'id-prefix',
  severity: 'should',
  rule: 'The id of a stream starts with chatcmpl-.',
  offline: true,
  run(run) {
    return eachExchange(sequenceExchanges(run), NOT_SUCCESS_STREAM, (exchange, log) => {
      // Empty and changing ids are stable-id's findings; here only the first real id counts.
      const first = chunkEvents(exchange.response.sse).find(
        (c) => typeof c.json.id === 'string' && c.json.id,
      );
      if (first && !(first.json.id as string).startsWith(PREFIX)) {
        log.at(
          first,
          `id ${JSON.stringify(first.json.id)} does not start with ${PREFIX}`,
          'foreign-id-prefix',
        );
      }
    });
  },
};
