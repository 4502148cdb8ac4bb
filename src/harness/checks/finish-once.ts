import {
  type ChunkEvent,
  choicesOf,
  chunkEvents,
  eachExchange,
  NOT_SUCCESS_STREAM,
  readToEnd,
  sequenceExchanges,
  show,
} from '../judge';
import type { Check } from '../types';

/**
 * Each choice gets exactly one non-null `finish_reason`, and nothing for that choice follows it.
 * @see openapi.yaml createChatCompletion description (sequence rules)
 */
export const finishOnce: Check = {
  id: 'finish-once',
  severity: 'must',
  rule: 'Each choice of a stream ends with exactly one non-null finish_reason and nothing for that choice follows it.',
  offline: true,
  run(run) {
    return eachExchange(sequenceExchanges(run), NOT_SUCCESS_STREAM, (exchange, log) => {
      const finished = new Map<unknown, ChunkEvent | undefined>();
      for (const c of chunkEvents(exchange.response.sse)) {
        for (const choice of choicesOf(c.json)) {
          const reason = choice.finish_reason ?? null;
          const earlier = finished.get(choice.index);
          if (earlier) {
            const what = reason === null ? 'a delta' : `a second finish_reason ${show(reason)}`;
            log.at(
              c,
              `choice ${show(choice.index)}: ${what} after the finish at event ${earlier.event.index + 1}`,
            );
          } else {
            finished.set(choice.index, reason === null ? undefined : c);
          }
        }
      }
      // A stream the harness stopped reading has not had its chance to finish.
      if (!readToEnd(exchange)) return;
      if (finished.size === 0) {
        // AI SDK reports a stream without finish_reason as an error; OpenAI SDKs take it for success.
        log.add('the stream has no choice and no finish_reason at all');
      }
      for (const [index, at] of finished) {
        if (!at) log.add(`choice ${show(index)} never got a finish_reason`);
      }
    });
  },
};
