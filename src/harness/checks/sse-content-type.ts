import { askedToStream, eachExchange, isEventStream } from '../judge';
import type { Check, Exchange, RecordedResponse } from '../types';

type Answered = Exchange & { response: RecordedResponse };

/**
 * A streamed request is answered with a 2xx status and `Content-Type: text/event-stream`.
 * @see https://html.spec.whatwg.org/multipage/server-sent-events.html#text/event-stream
 */
export const sseContentType: Check = {
  id: 'sse-content-type',
  severity: 'must',
  rule: 'A streamed response has a 2xx status and the content type text/event-stream.',
  offline: true,
  eventFree: true,
  run(run) {
    const answered = run.exchanges.filter((e): e is Answered => askedToStream(e) && Boolean(e.response));
    return eachExchange(answered, 'no streamed request received a response', (exchange, log) => {
      const { status, headers } = exchange.response;
      if (status < 200 || status >= 300) {
        // A fault or an invalid request is rightly answered with an error status instead of a stream.
        if (run.intent === 'success')
          log.add(`status ${status}: a streamed request that should succeed got no 2xx stream`);
        return;
      }
      const type = headers['content-type'];
      if (!isEventStream(type)) {
        log.add(
          `content type ${type === undefined ? 'is missing' : `is ${JSON.stringify(type)}`}, not text/event-stream: clients will not read it as a stream`,
          type === undefined ? {} : { evidence: [`content-type: ${type}`] },
        );
      }
    });
  },
};
