import { type Recording, runFromRecordings } from '../../../src/harness/record/recorded';
import type { ScenarioRun } from '../../../src/harness/types';

/** The deterministic request the pair scenarios send: temperature 0 and a seed. */
export function seeded(stream: boolean, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    model: 'gpt-4o-mini',
    messages: [{ role: 'user', content: 'Say café' }],
    temperature: 0,
    seed: 7,
    stream,
    ...extra,
  };
}

/** A stream of content pieces (one chunk each), then `finish` and optionally a usage chunk. */
export function streamOf(
  pieces: Array<Record<string, unknown>>,
  finish = 'stop',
  usage?: Record<string, number>,
): string {
  const chunk = (choices: unknown[], extra: Record<string, unknown> = {}) =>
    `data: ${JSON.stringify({ id: 'chatcmpl-1', object: 'chat.completion.chunk', created: 1, model: 'm', choices, ...extra })}\n\n`;
  const choice = (delta: Record<string, unknown>, finishReason: string | null = null) => ({
    index: 0,
    delta,
    finish_reason: finishReason,
  });
  return [
    chunk([choice({ role: 'assistant', content: '' })]),
    ...pieces.map((delta) => chunk([choice(delta)])),
    chunk([choice({}, finish)]),
    ...(usage ? [chunk([], { usage })] : []),
    'data: [DONE]\n\n',
  ].join('');
}

/** A non-stream completion whose choice 0 holds `message`. */
export function completionOf(
  message: Record<string, unknown>,
  finish = 'stop',
  usage: Record<string, number> = { prompt_tokens: 5, completion_tokens: 2, total_tokens: 7 },
): string {
  return JSON.stringify({
    id: 'chatcmpl-2',
    object: 'chat.completion',
    created: 1,
    model: 'm',
    choices: [{ index: 0, message: { role: 'assistant', ...message }, finish_reason: finish }],
    usage,
  });
}

/** A run of one stream and non-stream answers to the same seeded request. */
export function pairRun(stream: string, answers: string[], request = seeded): ScenarioRun {
  const recordings: Recording[] = [
    { body: stream, request: request(true), label: 'stream' },
    ...answers.map((body, i) => ({ body, request: request(false), label: `non-stream-${i + 1}` })),
  ];
  return runFromRecordings('deterministic-pair', 'success', recordings);
}
