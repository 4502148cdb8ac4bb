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
    const delta = compileSchema('ChatCompletionChunkDelta');
    const error = compileSchema('ErrorResponse');
    // Templates one of whose chunks validated. A chunk decoded through such a template differs
    // from that chunk only in its delta, and the schema ties nothing else to the delta, so the
    // chunk is valid exactly when its delta is; any doubt goes to the full validation.
    const valid = new WeakSet<object>();
    return {
      event(d) {
        if (d.kind === 'chunk' && d.template && valid.has(d.template) && delta(d.json.choices?.[0]?.delta)) {
          return;
        }
        if (d.kind === 'chunk' || d.kind === 'other-json') {
          if (chunk(d.json)) {
            if (d.kind === 'chunk' && d.template) valid.add(d.template);
            return;
          }
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
