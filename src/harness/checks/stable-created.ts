import { changeTracker, NOT_SUCCESS_STREAM, sequenceExchanges, singlePassCheck, streamPass } from '../judge';

/**
 * Every chunk of one stream carries the same `created` timestamp.
 * @see https://platform.openai.com/docs/api-reference/chat-streaming/streaming ("Each chunk has the same timestamp")
 */
export const stableCreated = singlePassCheck(
  {
    id: 'stable-created',
    severity: 'should',
    rule: 'Every chunk of a stream carries the same created timestamp.',
    offline: true,
  },
  streamPass(sequenceExchanges, NOT_SUCCESS_STREAM, ({ log }) => {
    // Servers that stamp each chunk with the current second are common and clients ignore it.
    const track = changeTracker('created', log, 'changing-created');
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
