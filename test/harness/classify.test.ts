import { classifyStream } from '../../src/harness/decode/classify';
import { exchangeFrom, type Recording } from '../../src/harness/record/recorded';
import type { StreamClass } from '../../src/harness/types';
import { chatRequest, fixture } from './checks/service-fixture';

const streamed = chatRequest({ stream: true });

describe('classifyStream', () => {
  it.each<[string, Recording, StreamClass]>([
    ['a finish and [DONE]', { body: fixture('conforming-stream.sse') }, 'success'],
    [
      'an in-band error frame without [DONE]',
      { body: fixture('litellm-error-no-done.sse') },
      'failed-with-error',
    ],
    [
      'an error frame even when [DONE] follows',
      { body: fixture('vllm-error-then-done.sse') },
      'failed-with-error',
    ],
    ['a stream that just ends', { body: fixture('nanobot-bare-end.sse') }, 'truncated'],
    [
      // A proxy relayed a malformed chunk, then finish "stop" and [DONE]: both official clients raised.
      'a malformed chunk followed by a finish and [DONE]',
      {
        body:
          'data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"role":"assistant","content":"Hi"},"finish_reason":null}]}\n\n' +
          'data: {"id":"chatcmpl-1","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":"th\n\n' +
          'data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}\n\n' +
          'data: [DONE]\n\n',
      },
      'corrupt',
    ],
    [
      'a non-SSE `error:` line then [DONE] (no finish)',
      { body: fixture('llamacpp-error-line-then-done.sse') },
      'truncated',
    ],
    [
      'an `event: error` without an error object',
      { body: fixture('event-error-without-error-object.sse') },
      'corrupt',
    ],
    [
      'a non-2xx status',
      {
        body: fixture('conforming-error-envelope.json'),
        status: 500,
        request: streamed,
        headers: { 'content-type': 'application/json' },
      },
      'failed-with-error',
    ],
    ['200 with an empty body', { body: '', request: streamed }, 'truncated'],
    [
      'a JSON completion with a finish',
      { body: fixture('conforming-completion.json'), request: chatRequest() },
      'success',
    ],
    [
      'a JSON error body with 200',
      { body: fixture('conforming-error-envelope.json'), request: chatRequest() },
      'failed-with-error',
    ],
    ['a JSON body cut short', { body: '{"id":"chatcmpl-1","choi', request: chatRequest() }, 'truncated'],
  ])('classifies %s', (_name, recording, want) => {
    expect(classifyStream(exchangeFrom({ request: streamed, ...recording }))).toBe(want);
  });

  it('classifies a missing response as truncated', () => {
    const exchange = exchangeFrom({ body: '' });
    delete exchange.response;
    expect(classifyStream(exchange)).toBe('truncated');
  });
});
