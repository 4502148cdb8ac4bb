import { NOT_SUCCESS_STREAM, sequenceExchanges, singlePassCheck, streamPass } from '../judge';

const PREFIX = 'chatcmpl-';

/**
 * The stream's id starts with `chatcmpl-`, as OpenAI's do.
 * @see https://platform.openai.com/docs/api-reference/chat-streaming/streaming
 */
export const idPrefix = singlePassCheck(
  {
    id: 'id-prefix',
    severity: 'should',
    rule: 'The id of a stream starts with chatcmpl-.',
    offline: true,
  },
  streamPass(sequenceExchanges, NOT_SUCCESS_STREAM, ({ log }) => {
    // Empty and changing ids are stable-id's findings; here only the first real id counts.
    let found = false;
    return {
      // A content chunk repeating the previous frame changes nothing this rule reads.
      skipsContentRepeats: true,
      event(d) {
        if (found || d.kind !== 'chunk' || typeof d.json.id !== 'string' || !d.json.id) return;
        found = true;
        if (!d.json.id.startsWith(PREFIX)) {
          log.at(d, `id ${JSON.stringify(d.json.id)} does not start with ${PREFIX}`, 'foreign-id-prefix');
        }
      },
      end() {},
    };
  }),
);
