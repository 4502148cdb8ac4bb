import { checkById, runFromRecordings } from '../../src/harness';

const chunkSchema = checkById('chunk-schema')!;
const ctx = { profile: 'strict' as const };
const request = {
  model: 'gpt-5.4',
  messages: [{ role: 'user', content: 'hi' }],
  stream: true,
  stream_options: { include_usage: true },
  moderation: { model: 'omni-moderation-latest' },
};

const head = { id: 'chatcmpl-1', object: 'chat.completion.chunk', created: 1, model: 'gpt-5.4' };
const extra = { system_fingerprint: 'fp_1', service_tier: 'priority', usage: null };

const results = (flagged: boolean) => ({
  type: 'moderation_results',
  model: 'omni-moderation-latest',
  results: [
    {
      type: 'moderation_result',
      model: 'omni-moderation-latest',
      flagged,
      categories: { violence: flagged },
      category_scores: { violence: flagged ? 0.9 : 0.01 },
      category_applied_input_types: { violence: ['text'] },
    },
  ],
});
const MODERATION = { input: results(false), output: { type: 'error', code: 'timeout', message: 'late' } };

/** A stream as OpenAI's spec describes one with moderation, obfuscation and usage details. */
function stream(moderation: unknown): string {
  const chunks = [
    {
      ...head,
      ...extra,
      obfuscation: 'r4N7',
      choices: [{ index: 0, delta: { role: 'assistant', content: '' }, logprobs: null, finish_reason: null }],
    },
    {
      ...head,
      ...extra,
      obfuscation: 'p9K3xT6w',
      choices: [{ index: 0, delta: { content: 'Hello' }, logprobs: null, finish_reason: null }],
    },
    {
      ...head,
      ...extra,
      obfuscation: '',
      choices: [{ index: 0, delta: {}, logprobs: null, finish_reason: 'stop' }],
    },
    { ...head, ...extra, obfuscation: 'x', choices: [], moderation },
    {
      ...head,
      system_fingerprint: 'fp_1',
      service_tier: 'priority',
      obfuscation: 'q1',
      choices: [],
      moderation: null,
      usage: {
        prompt_tokens: 9,
        completion_tokens: 1,
        total_tokens: 10,
        prompt_tokens_details: {
          cached_tokens: 0,
          audio_tokens: 0,
          text_tokens: 9,
          image_tokens: 0,
          cache_write_tokens: 0,
        },
        completion_tokens_details: {
          reasoning_tokens: 0,
          audio_tokens: 0,
          text_tokens: 1,
          accepted_prediction_tokens: 0,
          rejected_prediction_tokens: 0,
        },
      },
    },
  ];
  return `${chunks.map((c) => `data: ${JSON.stringify(c)}\n\n`).join('')}data: [DONE]\n\n`;
}

function findings(body: string) {
  const outcome = chunkSchema.run(runFromRecordings('moderated', 'success', [{ body, request }]), ctx);
  if (!outcome.applies) throw new Error('expected chunk-schema to apply');
  return outcome.findings.map((f) => f.message);
}

describe('chunk-schema on fields OpenAI streams carry', () => {
  it('passes chunks with obfuscation, moderation, service_tier and usage details', () => {
    expect(findings(stream(MODERATION))).toEqual([]);
  });

  it('fails a moderation object that breaks the shape OpenAI documents', () => {
    const broken = { input: { type: 'moderation_results', model: 'm' }, output: MODERATION.output };
    expect(findings(stream(broken))).toEqual([
      expect.stringMatching(
        /not a ChatCompletionChunk: .*\/moderation\/input: must have required property 'results'/,
      ),
    ]);
  });

  it('fails obfuscation that is not a string', () => {
    const body = stream(MODERATION).replace('"obfuscation":"r4N7"', '"obfuscation":7');
    expect(findings(body)).toEqual([expect.stringContaining('/obfuscation: must be string')]);
  });
});
