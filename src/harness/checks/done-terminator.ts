import { rawLines } from '../../sse';
import type { Check } from '../types';
import {
  decoded,
  eachExchange,
  isDoneLookalike,
  NOT_SUCCESS_STREAM,
  readToEnd,
  sequenceExchanges,
  show,
} from '../judge/stream';

/**
 * A successful stream ends with exactly one `data: [DONE]` event, exact text, terminated by its
 * blank line, with nothing after it.
 * @see https://platform.openai.com/docs/api-reference/chat/create#chat-create-stream
 */
export const doneTerminator: Check = {
  id: 'done-terminator',
  severity: 'must',
  rule: 'A successful stream ends with exactly one data: [DONE] event, exact text, terminated by its blank line, with nothing after it.',
  offline: true,
  run(run) {
    return eachExchange(sequenceExchanges(run), NOT_SUCCESS_STREAM, (exchange, log) => {
      const transcript = exchange.response.sse;
      const events = decoded(transcript);
      let first: (typeof events)[number] | undefined;
      let after = 0;
      let firstAfter: (typeof events)[number] | undefined;
      let lookalikes = 0;
      for (const d of events) {
        if (isDoneLookalike(d.event.data)) {
          lookalikes++;
          // openai-node and openai-python compare the exact text; this one is parsed as a chunk.
          log.add(`event ${d.event.index + 1}: ${show(d.event.data)} is not exactly [DONE]`, d.evidence);
        }
        if (first && d.kind === 'done') {
          log.add(`event ${d.event.index + 1}: a second [DONE]`, d.evidence);
        } else if (first) {
          after++;
          firstAfter ??= d;
        } else if (d.kind === 'done') {
          first = d;
        }
      }
      if (!first) {
        if (lookalikes > 0 || !readToEnd(exchange)) return;
        const last = events.at(-1);
        log.add('the stream has no data: [DONE]', last ? last.evidence : undefined);
        return;
      }
      if (!first.event.terminated && readToEnd(exchange)) {
        log.add(
          'data: [DONE] is not terminated by a blank line: clients may never dispatch it',
          first.evidence,
        );
      }
      if (firstAfter) {
        log.add(
          `${after} event(s) after [DONE], first at event ${firstAfter.event.index + 1}`,
          firstAfter.evidence,
        );
        return;
      }
      if (events.at(-1) !== first) return;
      // Comments or stray bytes after the terminator are not events, but still something after it.
      const total = transcript.lineCount ?? transcript.lines.length;
      const rest = rawLines(transcript, first.event.lastLine + 1, total - 1).filter((l) => l !== '');
      if (rest.length > 0) {
        log.add(`${rest.length} line(s) after [DONE]`, [rest[0]!]);
      }
    });
  },
};
