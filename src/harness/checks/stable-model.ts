import { changeTracker, NOT_SUCCESS_STREAM, sequenceExchanges, singlePassCheck, streamPass } from '../judge';

/**
 * Every chunk of one stream names the same `model`.
 * @see openapi.yaml createChatCompletion description (sequence rules)
 */
export const stableModel = singlePassCheck(
  {
    id: 'stable-model',
    severity: 'must',
    rule: 'Every chunk of a stream names the same model.',
    offline: true,
  },
  streamPass(sequenceExchanges, NOT_SUCCESS_STREAM, ({ log }) => {
    const track = changeTracker('model', log);
    return {
      // A content chunk repeating the previous frame changes nothing this rule reads.
      skipsContentRepeats: true,
      event(d) {
        if (d.kind === 'chunk') track(d);
      },
      end() {},
    };
  }),
);
