import {
  choicesOf,
  NOT_SUCCESS_STREAM,
  readToEnd,
  sequenceExchanges,
  show,
  singlePassCheck,
  streamPass,
} from '../judge';

/**
 * Each choice gets exactly one non-null `finish_reason`, and nothing for that choice follows it.
 * @see openapi.yaml createChatCompletion description (sequence rules)
 */
export const finishOnce = singlePassCheck(
  {
    id: 'finish-once',
    severity: 'must',
    rule: 'Each choice of a stream ends with exactly one non-null finish_reason and nothing for that choice follows it.',
    offline: true,
  },
  streamPass(sequenceExchanges, NOT_SUCCESS_STREAM, ({ exchange, log }) => {
    /** Per choice: the 1-based event of its finish, or undefined while unfinished. */
    const finished = new Map<unknown, number | undefined>();
    return {
      event(c) {
        if (c.kind !== 'chunk') return;
        for (const choice of choicesOf(c.json)) {
          const reason = choice.finish_reason ?? null;
          const earlier = finished.get(choice.index);
          if (earlier) {
            const what = reason === null ? 'a delta' : `a second finish_reason ${show(reason)}`;
            log.at(c, `choice ${show(choice.index)}: ${what} after the finish at event ${earlier}`);
          } else {
            finished.set(choice.index, reason === null ? undefined : c.event.index + 1);
          }
        }
      },
      end() {
        // A stream the harness stopped reading has not had its chance to finish.
        if (!readToEnd(exchange)) return;
        if (finished.size === 0) {
          // AI SDK reports a stream without finish_reason as an error; OpenAI SDKs take it for success.
          log.add('the stream has no choice and no finish_reason at all');
        }
        for (const [index, at] of finished) {
          if (!at) log.add(`choice ${show(index)} never got a finish_reason`);
        }
      },
    };
  }),
);
