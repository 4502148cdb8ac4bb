import { rawLines } from '../../sse';
import {
  decodeEvents,
  eachExchange,
  isDoneLookalike,
  NOT_SUCCESS_STREAM,
  readToEnd,
  sequenceExchanges,
  show,
} from '../judge';
import type { Check } from '../types';

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
      const events = decodeEvents(transcript);
      let first: (typeof events)[number] | undefined;
      let after = 0;
      let firstAfter: (typeof events)[number] | undefined;
      let lookalikes = 0;
      for (const d of events) {
        if (isDoneLookalike(d.event.data)) {
          lookalikes++;
          // openai-node and openai-python compare the exact text; this one is parsed as a chunk.
          log.at(d, `${show(d.event.data)} is not exactly [DONE]`);
        }
        if (first && d.kind === 'done') {
          log.at(d, `a second [DONE]`);
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
        if (last) log.at(last, 'the stream has no data: [DONE]');
        else log.add('the stream has no data: [DONE]');
        return;
      }
      if (!first.event.terminated && readToEnd(exchange)) {
        log.at(first, 'data: [DONE] is not terminated by a blank line: clients may never dispatch it');
      }
      if (firstAfter) {
        log.at(firstAfter, `${after} event(s) after [DONE]`);
        return;
      }
      if (events.at(-1) !== first) return;
      // Comments or stray bytes after the terminator are not events, but still something after it.
      const total = transcript.lineCount ?? transcript.lines.length;
      const from = first.event.lastLine + 1;
      const rest = rawLines(transcript, from, total - 1);
      const stray = rest.filter((l) => l !== '').length;
      if (stray > 0) {
        const at = from + rest.findIndex((l) => l !== '');
        log.atLines(at, at, `${stray} line(s) after [DONE]`);
      }
    });
  },
};
