import { ask, clip, contentOf } from './answer';
import type { Probe, ProbeResult } from './types';

const PROMPT =
  'Repeat after me, word for word: alpha bravo charlie delta echo foxtrot golf hotel india juliet.';

/** A word from the second half of a text that occurs there once: a stop string the reply would reach. */
export function stopWordFrom(text: string): string | undefined {
  const words = text.match(/[A-Za-z]{4,}/g) ?? [];
  for (const word of words.slice(Math.ceil(words.length / 2))) {
    if (text.indexOf(word) === text.lastIndexOf(word)) return word;
  }
  return undefined;
}

/**
 * Judges a reply sent with `stop` against the same deterministic request without it: the stop string
 * absent and the reply a prefix of the unstopped one (generation ended there) is honoured; the stop
 * string present is ignored; anything else is inconclusive.
 */
export function judgeStop(baseline: string, stopped: string, stop: string): ProbeResult {
  const evidence = [
    `stop ${JSON.stringify(stop)}`,
    `without stop: ${clip(baseline)}`,
    `with stop: ${clip(stopped)}`,
  ];
  if (stopped.includes(stop)) return { parameter: 'stop', verdict: 'ignored', evidence };
  if (baseline.startsWith(stopped) && stopped.length < baseline.length) {
    return { parameter: 'stop', verdict: 'honoured', evidence };
  }
  return {
    parameter: 'stop',
    verdict: 'inconclusive',
    evidence: ['the reply differs from the unstopped one', ...evidence],
  };
}

/** `stop`: the stop string, taken from the unstopped reply, does not appear and generation ends there. */
export const stopProbe: Probe = {
  parameter: 'stop',
  async run(ctx) {
    const body = {
      model: ctx.model,
      messages: [{ role: 'user', content: PROMPT }],
      temperature: 0,
      seed: 11,
    };
    const first = await ask('stop', () => ctx.chat('stop-baseline', body));
    if ('result' in first) return first.result;
    const baseline = contentOf(first.answer);
    const stop = stopWordFrom(baseline);
    if (!stop) {
      return {
        parameter: 'stop',
        verdict: 'inconclusive',
        evidence: [`no stop word to pick from: ${clip(baseline)}`],
      };
    }
    const second = await ask('stop', () => ctx.chat('stop', { ...body, stop: [stop] }));
    if ('result' in second) return second.result;
    return judgeStop(baseline, contentOf(second.answer), stop);
  },
};
