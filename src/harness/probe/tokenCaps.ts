import { ask, clip, contentOf } from './answer';
import type { Probe, ProbeResult } from './types';

/** The cap the probes ask for: small enough that any story overruns it. */
export const PROBE_CAP = 5;

const LONG = 'Write a long story of at least five hundred words about a lighthouse keeper.';

/**
 * Judges a capped answer: at most `cap` completion tokens and `finish_reason: "length"` is honoured;
 * more tokens than the cap is ignored; a reply that ended by itself within the cap, or no usage to
 * count by, is inconclusive.
 */
export function judgeCap(
  parameter: string,
  cap: number,
  completionTokens: unknown,
  finish: unknown,
  content: string,
): ProbeResult {
  const seen = `completion_tokens ${JSON.stringify(completionTokens)}, finish_reason ${JSON.stringify(finish)}, cap ${cap}`;
  const evidence = [seen, `content: ${clip(content)}`];
  if (typeof completionTokens !== 'number') {
    return {
      parameter,
      verdict: 'inconclusive',
      evidence: ['no usage.completion_tokens to count by', ...evidence],
    };
  }
  if (completionTokens > cap) return { parameter, verdict: 'ignored', evidence };
  if (finish === 'length') return { parameter, verdict: 'honoured', evidence };
  return {
    parameter,
    verdict: 'inconclusive',
    evidence: ['the reply ended within the cap by itself', ...evidence],
  };
}

function capProbe(parameter: 'max_completion_tokens' | 'max_tokens'): Probe {
  return {
    parameter,
    async run(ctx) {
      const body = { model: ctx.model, messages: [{ role: 'user', content: LONG }], [parameter]: PROBE_CAP };
      const got = await ask(parameter, () => ctx.chat(parameter, body));
      if ('result' in got) return got.result;
      const { answer } = got;
      return judgeCap(
        parameter,
        PROBE_CAP,
        answer.usage?.completion_tokens,
        answer.choices[0]?.finish_reason,
        contentOf(answer),
      );
    },
  };
}

/** `max_completion_tokens` and `max_tokens`: completion tokens within the cap and a `length` finish. */
export const TOKEN_CAP_PROBES: readonly Probe[] = [capProbe('max_completion_tokens'), capProbe('max_tokens')];
