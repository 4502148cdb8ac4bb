import {
  type DecodedEvent,
  type FindingDetail,
  isDoneLookalike,
  NOT_SUCCESS_STREAM,
  readToEnd,
  sequenceExchanges,
  show,
  singlePassCheck,
  streamPass,
} from '../judge';

/**
 * A successful stream ends with exactly one `data: [DONE]` event, exact text, terminated by its
 * blank line, with nothing after it.
 * @see https://platform.openai.com/docs/api-reference/chat/create#chat-create-stream
 */
export const doneTerminator = singlePassCheck(
  {
    id: 'done-terminator',
    severity: 'must',
    rule: 'A successful stream ends with exactly one data: [DONE] event, exact text, terminated by its blank line, with nothing after it.',
    offline: true,
  },
  streamPass(sequenceExchanges, NOT_SUCCESS_STREAM, ({ exchange, log, stream }) => {
    // What the end needs of earlier events is quoted when they pass: a streamed recording keeps no old lines.
    let first: { terminated: boolean; detail: FindingDetail } | undefined;
    let after = 0;
    let firstAfter: FindingDetail | undefined;
    let lookalikes = 0;
    let last: DecodedEvent | undefined;
    let endsWithFirst = false;
    return {
      event(d) {
        last = d;
        endsWithFirst = !first && d.kind === 'done';
        if (isDoneLookalike(d.event.data)) {
          lookalikes++;
          // openai-node and openai-python compare the exact text; this one is parsed as a chunk.
          log.at(d, `${show(d.event.data)} is not exactly [DONE]`);
        }
        if (first && d.kind === 'done') {
          log.at(d, `a second [DONE]`);
        } else if (first) {
          after++;
          firstAfter ??= log.detail(d);
        } else if (d.kind === 'done') {
          first = { terminated: d.event.terminated, detail: log.detail(d) };
        }
      },
      end() {
        if (!first) {
          if (lookalikes > 0 || !readToEnd(exchange)) return;
          if (last) log.at(last, 'the stream has no data: [DONE]');
          else log.add('the stream has no data: [DONE]');
          return;
        }
        if (!first.terminated && readToEnd(exchange)) {
          log.add(
            'data: [DONE] is not terminated by a blank line: clients may never dispatch it',
            first.detail,
          );
        }
        if (firstAfter) {
          log.add(`${after} event(s) after [DONE]`, firstAfter);
          return;
        }
        if (!endsWithFirst) return;
        // Comments or stray bytes after the terminator are not events, but still something after it.
        const stray = stream.linesAfterLastEvent();
        if (stray.count > 0) log.atLines(stray.first, stray.first, `${stray.count} line(s) after [DONE]`);
      },
    };
  }),
);
