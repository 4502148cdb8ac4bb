import { compileSchema, describeErrors } from '../../contract';
import { framedExchanges, NOT_STREAMED, singlePassCheck, streamPass } from '../judge';

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
export const chunkSchema = singlePassCheck(
  {
    id: 'chunk-schema',
    severity: 'must',
    rule: "Every chunk validates against the contract's ChatCompletionChunk and every error frame against ErrorResponse.",
    offline: true,
  },
  streamPass(framedExchanges, NOT_STREAMED, ({ log }) => {
    const chunk = compileSchema('ChatCompletionChunk');
    const error = compileSchema('ErrorResponse');
    return {
      event(d) {
        if (d.kind === 'chunk' || d.kind === 'other-json') {
          if (chunk(d.json)) return;
          const problems = describeErrors(chunk.errors).join('; ');
          log.at(d, `not a ChatCompletionChunk: ${problems}`);
        } else if (d.kind === 'error') {
          if (error(d.json)) return;
          const problems = describeErrors(error.errors).join('; ');
          // vLLM's integer code or TGI's bare {message}: every client still raises on it.
          const relaxed = hasMessage(d.json) ? 'loose-error-object' : undefined;
          log.at(d, `error frame is not an ErrorResponse: ${problems}`, relaxed);
        }
      },
      end() {},
    };
  }),
);
