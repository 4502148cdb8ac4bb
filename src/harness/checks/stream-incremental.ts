import { MIN_CONTENT_CHUNKS, MIN_GENERATION_MS, pacingPass, singlePassCheck } from '../judge';

/**
 * Tokens reach the client as they are generated, not in one burst at the end — what a buffering
 * proxy or response compression does to a stream.
 * @see https://html.spec.whatwg.org/multipage/server-sent-events.html (events are dispatched as they arrive)
 */
export const streamIncremental = singlePassCheck(
  {
    id: 'stream-incremental',
    severity: 'should',
    rule: 'A stream whose generation spans time arrives spread over that time, not in one burst at the end (buffering proxies, compression).',
    offline: true,
  },
  pacingPass(
    () => true,
    `no stream was paced (delay-ms directive) over ${MIN_GENERATION_MS} ms with ${MIN_CONTENT_CHUNKS} content chunks`,
  ),
);
