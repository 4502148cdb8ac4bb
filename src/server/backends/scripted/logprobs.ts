import type { TokenLogprob } from '../types';

const encoder = new TextEncoder();

/**
 * The scripted backend's log probabilities for a token it produced: it is certain of every token
 * (log probability 0); the `top` alternatives after it are placeholders with falling values.
 * @see https://platform.openai.com/docs/api-reference/chat/object#chat/object-choices-logprobs
 */
export function tokenLogprob(token: string, top: number): TokenLogprob {
  const bytes = [...encoder.encode(token)];
  const alternatives = top > 0 ? [{ token, logprob: 0, bytes }] : [];
  for (let i = 1; i < top; i++) {
    const alt = `${token}~${i}`;
    alternatives.push({ token: alt, logprob: -10 * i, bytes: [...encoder.encode(alt)] });
  }
  return { token, logprob: 0, bytes, top_logprobs: alternatives };
}
