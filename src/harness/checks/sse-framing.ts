import type { SseIssue } from '../../sse';
import {
  decodeEvents,
  eachExchange,
  framedExchanges,
  isDoneLookalike,
  NOT_STREAMED,
  readToEnd,
} from '../judge';
import type { Check } from '../types';

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
export const sseFraming: Check = {
  id: 'sse-framing',
  severity: 'must',
  rule: 'Every line of a stream is a data, event, id or retry field or a comment, and every event ends with a blank line.',
  offline: true,
  run(run) {
    return eachExchange(framedExchanges(run), NOT_STREAMED, (exchange, log) => {
      const transcript = exchange.response.sse;
      const last = decodeEvents(transcript).at(-1);
      // An unterminated `[DONE]` is done-terminator's finding; reporting it twice adds nothing.
      const doneUnterminated =
        last && !last.event.terminated && (last.kind === 'done' || isDoneLookalike(last.event.data));
      for (const issue of transcript.issues) {
        // When the harness stopped reading, the last event is cut by the harness, not the target.
        if (issue.kind === 'unterminated-event' && (doneUnterminated || !readToEnd(exchange))) continue;
        log.add(`${issue.kind}: ${WHY[issue.kind]}`, { lines: [issue.line + 1], evidence: [issue.text] });
      }
    });
  },
};
