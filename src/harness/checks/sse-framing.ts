import type { SseIssue } from '../../sse';
import {
  type DecodedEvent,
  framedExchanges,
  isDoneLookalike,
  NOT_STREAMED,
  readToEnd,
  singlePassCheck,
  streamPass,
} from '../judge';

const WHY: Record<SseIssue['kind'], string> = {
  'unknown-field': 'not an SSE field: clients drop this line silently',
  'invalid-retry': 'retry value is not an integer',
  'max-buffer-size-exceeded': 'line exceeds the parser buffer',
  'unterminated-event':
    'the stream ended before the blank line that dispatches this event: clients may drop it',
};

/**
 * Every line is a `data`, `event`, `id` or `retry` field or a comment, and every event ends with a
 * blank line.
 * @see https://html.spec.whatwg.org/multipage/server-sent-events.html#event-stream-interpretation
 */
export const sseFraming = singlePassCheck(
  {
    id: 'sse-framing',
    severity: 'must',
    rule: 'Every line of a stream is a data, event, id or retry field or a comment, and every event ends with a blank line.',
    offline: true,
  },
  streamPass(framedExchanges, NOT_STREAMED, ({ exchange, log, stream }) => {
    let last: DecodedEvent | undefined;
    return {
      event(d) {
        last = d;
      },
      end() {
        // An unterminated `[DONE]` is done-terminator's finding; reporting it twice adds nothing.
        const doneUnterminated =
          last && !last.event.terminated && (last.kind === 'done' || isDoneLookalike(last.event.data));
        for (const issue of stream.issues()) {
          // When the harness stopped reading, the last event is cut by the harness, not the target.
          if (issue.kind === 'unterminated-event' && (doneUnterminated || !readToEnd(exchange))) continue;
          log.add(`${issue.kind}: ${WHY[issue.kind]}`, { lines: [issue.line + 1], evidence: [issue.text] });
        }
      },
    };
  }),
);
