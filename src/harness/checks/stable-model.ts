import { chunkEvents, eachExchange, NOT_SUCCESS_STREAM, reportChanges, sequenceExchanges } from '../judge';
import type { Check } from '../types';

/**
 * Every chunk of one stream names the same `model`.
 * @see openapi.yaml createChatCompletion description (sequence rules)
 */
export const stableModel: Check = {
  id: 'stable-model',
  severity: 'must',
  rule: 'Every chunk of a stream names the same model.',
  offline: true,
  run(run) {
    return eachExchange(sequenceExchanges(run), NOT_SUCCESS_STREAM, (exchange, log) => {
      reportChanges(chunkEvents(exchange.response.sse), 'model', log);
    });
  },
};
