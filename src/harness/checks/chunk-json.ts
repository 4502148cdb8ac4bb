import { decodeEvents, eachExchange, framedExchanges, isDoneLookalike, NOT_STREAMED } from '../judge';
import type { Check } from '../types';

/** Every `data:` payload other than `[DONE]` is one JSON document. */
export const chunkJson: Check = {
  id: 'chunk-json',
  severity: 'must',
  rule: 'Every data payload of a stream other than [DONE] is JSON.',
  offline: true,
  run(run) {
    return eachExchange(framedExchanges(run), NOT_STREAMED, (exchange, log) => {
      for (const d of decodeEvents(exchange.response.sse)) {
        // A mistyped terminator is done-terminator's finding.
        if (d.kind !== 'invalid-json' || isDoneLookalike(d.event.data)) continue;
        log.at(d, `data is not JSON (${d.problem})`);
      }
    });
  },
};
