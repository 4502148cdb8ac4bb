import { compileSchema, describeErrors } from '../../contract';
import { decodeEvents, eachExchange, framedExchanges, NOT_STREAMED } from '../judge';
import type { Check } from '../types';

/** Whether an error frame still carries what every client needs to raise: a string message. */
function hasMessage(json: Record<string, unknown>): boolean {
  const error = json.error as { message?: unknown } | null;
  return typeof error === 'object' && error !== null && typeof error.message === 'string';
}

/**
 * Every chunk validates against the contract's `ChatCompletionChunk`, every error frame against
 * `ErrorResponse`.
 * @see openapi.yaml#/components/schemas/ChatCompletionChunk
 */
export const chunkSchema: Check = {
  id: 'chunk-schema',
  severity: 'must',
  rule: "Every chunk validates against the contract's ChatCompletionChunk and every error frame against ErrorResponse.",
  offline: true,
  run(run) {
    const chunk = compileSchema('ChatCompletionChunk');
    const error = compileSchema('ErrorResponse');
    return eachExchange(framedExchanges(run), NOT_STREAMED, (exchange, log) => {
      for (const d of decodeEvents(exchange.response.sse)) {
        if (d.kind === 'chunk' || d.kind === 'other-json') {
          if (chunk(d.json)) continue;
          const problems = describeErrors(chunk.errors).join('; ');
          log.at(d, `not a ChatCompletionChunk: ${problems}`);
        } else if (d.kind === 'error') {
          if (error(d.json)) continue;
          const problems = describeErrors(error.errors).join('; ');
          // vLLM's integer code or TGI's bare {message}: every client still raises on it.
          const relaxed = hasMessage(d.json) ? 'loose-error-object' : undefined;
          log.at(d, `error frame is not an ErrorResponse: ${problems}`, relaxed);
        }
      }
    });
  },
};
