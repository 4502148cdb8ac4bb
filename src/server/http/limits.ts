import type { CreateChatCompletionRequest } from '../../contract';
import { ApiError } from '../errors';
import type { Limits } from '../options';

/** Keys whose values are markers from a fixed list (`role: "user"`, `type: "text"`), not content. */
const MARKERS = new Set(['role', 'type']);

/**
 * Characters in the strings of the messages (content, text parts, names, tool arguments; not
 * `role` or `type`), read without recursion so a deeply nested value cannot exhaust the stack.
 * Stops counting past `cap`.
 */
export function contentChars(messages: readonly unknown[], cap = Number.POSITIVE_INFINITY): number {
  let total = 0;
  const stack: unknown[] = [...messages];
  while (stack.length > 0 && total <= cap) {
    const v = stack.pop();
    if (typeof v === 'string') total += v.length;
    else if (Array.isArray(v)) stack.push(...v);
    else if (v && typeof v === 'object') {
      for (const [key, value] of Object.entries(v)) if (!MARKERS.has(key)) stack.push(value);
    }
  }
  return total;
}

function above(param: string, value: number, max: number): ApiError {
  return new ApiError(
    'integer_above_max_value',
    `Invalid '${param}': integer above maximum value. Expected a value <= ${max}, but got ${value} instead.`,
    param,
  );
}

/**
 * The first limit a validated completion request breaks, as a 400 naming the field, or undefined.
 * Runs after contract validation, so the fields already have their types.
 * @see https://platform.openai.com/docs/guides/error-codes
 * @example checkLimits(body, { ...DEFAULT_LIMITS, maxN: 4 }) // n: 5 → 400 integer_above_max_value, param 'n'
 */
export function checkLimits(body: CreateChatCompletionRequest, limits: Limits): ApiError | undefined {
  const count = body.messages.length;
  if (count > limits.maxMessages) {
    return new ApiError(
      'array_above_max_length',
      `Invalid 'messages': array too long. Expected an array with maximum length ${limits.maxMessages}, but got an array with length ${count} instead.`,
      'messages',
    );
  }
  if (body.n != null && body.n > limits.maxN) return above('n', body.n, limits.maxN);
  for (const param of ['max_tokens', 'max_completion_tokens'] as const) {
    const value = body[param];
    if (value != null && value > limits.maxTokens) return above(param, value, limits.maxTokens);
  }
  const chars = contentChars(body.messages, limits.maxContentChars);
  if (chars > limits.maxContentChars) {
    return new ApiError(
      'context_length_exceeded',
      `The messages are too long: this server accepts at most ${limits.maxContentChars} characters of message content per request.`,
      'messages',
    );
  }
  return undefined;
}
