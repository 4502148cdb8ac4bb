import { chunkEvents } from '../judge';
import { clip, unanswered } from './answer';
import type { Probe } from './types';

const TOP = 2;

/** Why one `logprobs.content` entry is malformed; undefined when it is well formed. */
export function entryProblem(entry: unknown, top: number): string | undefined {
  if (typeof entry !== 'object' || entry === null) return 'an entry is not an object';
  const e = entry as { token?: unknown; logprob?: unknown; top_logprobs?: unknown };
  if (typeof e.token !== 'string') return 'an entry has no string token';
  if (typeof e.logprob !== 'number' || e.logprob > 0) return 'an entry has no logprob ≤ 0';
  if (!Array.isArray(e.top_logprobs) || e.top_logprobs.length !== top) {
    return `an entry has ${Array.isArray(e.top_logprobs) ? e.top_logprobs.length : 'no'} top_logprobs, not ${top}`;
  }
  const bad = e.top_logprobs.find((t) => typeof t?.token !== 'string' || typeof t?.logprob !== 'number');
  return bad ? 'a top_logprobs entry lacks token or logprob' : undefined;
}

/** `logprobs` with `top_logprobs: 2`: every content chunk carries well-formed log probabilities. */
export const logprobsProbe: Probe = {
  parameter: 'logprobs',
  async run(ctx) {
    const body = {
      model: ctx.model,
      messages: [{ role: 'user', content: 'Say hello.' }],
      stream: true,
      logprobs: true,
      top_logprobs: TOP,
    };
    const exchange = await ctx.chat('logprobs', body);
    const failed = unanswered('logprobs', exchange);
    if (failed) return failed;
    const sse = exchange.response?.sse;
    if (!sse)
      return {
        parameter: 'logprobs',
        verdict: 'inconclusive',
        evidence: ['the stream was not an event stream'],
      };
    let content = 0;
    let carrying = 0;
    for (const c of chunkEvents(sse)) {
      const choice = c.json.choices?.[0] as
        | { delta?: { content?: unknown }; logprobs?: { content?: unknown } }
        | undefined;
      if (typeof choice?.delta?.content !== 'string' || choice.delta.content === '') continue;
      content++;
      const entries = choice.logprobs?.content;
      if (!Array.isArray(entries) || entries.length === 0) continue;
      carrying++;
      for (const entry of entries) {
        const problem = entryProblem(entry, TOP);
        if (problem) {
          return {
            parameter: 'logprobs',
            verdict: 'inconclusive',
            evidence: [`present but malformed: ${problem}`, clip(sse.events[c.event.index]?.data ?? '')],
          };
        }
      }
    }
    const evidence = [
      `${carrying} of ${content} content chunks carry logprobs.content (top_logprobs ${TOP} asked)`,
    ];
    if (content === 0)
      return { parameter: 'logprobs', verdict: 'inconclusive', evidence: ['no content chunk to judge'] };
    if (carrying === content) return { parameter: 'logprobs', verdict: 'honoured', evidence };
    return { parameter: 'logprobs', verdict: carrying === 0 ? 'ignored' : 'inconclusive', evidence };
  },
};
