import { readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { parse } from 'yaml';

/**
 * Valid values per request field, several where the value set matters. A field missing here
 * fails the tests that read field names from OpenAI's spec or from the `openai` package.
 */
export const VALID_VALUES: Record<string, unknown[]> = {
  model: ['chat-contract-scripted'],
  messages: [
    [{ role: 'user', content: 'hi' }],
    [
      { role: 'developer', content: [{ type: 'text', text: 'be brief' }] },
      { role: 'system', content: 'be kind' },
      {
        role: 'user',
        content: [
          { type: 'text', text: 'look', prompt_cache_breakpoint: { mode: 'explicit' } },
          { type: 'image_url', image_url: { url: 'https://example.com/a.png', detail: 'low' } },
          { type: 'input_audio', input_audio: { data: 'AAAA', format: 'wav' } },
          { type: 'file', file: { file_id: 'file-1', filename: 'a.pdf' } },
        ],
      },
      {
        role: 'assistant',
        content: null,
        audio: { id: 'audio_1' },
        tool_calls: [
          { id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{}' } },
          { id: 'call_2', type: 'custom', custom: { name: 'run_sql', input: 'select 1' } },
        ],
      },
      { role: 'tool', tool_call_id: 'call_1', content: [{ type: 'text', text: 'sunny' }] },
      { role: 'function', name: 'get_weather', content: null },
      { role: 'assistant', content: [{ type: 'refusal', refusal: 'no' }], name: 'bot' },
      { role: 'user', content: 'thanks' },
    ],
  ],
  audio: [{ voice: 'alloy', format: 'wav' }, { voice: { id: 'voice_1234' }, format: 'pcm16' }, null],
  frequency_penalty: [-2, 0.5, null],
  function_call: ['none', 'auto', { name: 'get_weather' }],
  functions: [[{ name: 'get_weather', description: 'weather', parameters: { type: 'object' } }]],
  logit_bias: [{ '50256': -100, '15': 5 }, null],
  logprobs: [true, null],
  max_completion_tokens: [16, null],
  max_tokens: [16, null],
  metadata: [{ team: 'qa' }, null],
  modalities: [['text'], ['text', 'audio'], null],
  moderation: [
    { model: 'omni-moderation-latest' },
    { model: 'omni-moderation-latest', policy: { input: { mode: 'score' }, output: { mode: 'block' } } },
    { model: 'omni-moderation-latest', policy: null },
    null,
  ],
  n: [2, null],
  parallel_tool_calls: [false],
  prediction: [
    { type: 'content', content: 'the old file' },
    { type: 'content', content: [{ type: 'text', text: 'the old file' }] },
    null,
  ],
  presence_penalty: [2, null],
  prompt_cache_key: ['tenant-1', null],
  prompt_cache_options: [{}, { ttl: '30m', mode: 'explicit' }, { mode: 'implicit' }],
  prompt_cache_retention: ['in_memory', '24h', null],
  reasoning_effort: ['none', 'minimal', 'low', 'medium', 'high', 'xhigh', 'max', null],
  response_format: [
    { type: 'text' },
    { type: 'json_object' },
    {
      type: 'json_schema',
      json_schema: { name: 'answer', description: 'd', schema: { type: 'object' }, strict: true },
    },
  ],
  safety_identifier: ['user-hash-1', null],
  seed: [42, null],
  service_tier: ['auto', 'default', 'flex', 'scale', 'priority', 'fast', null],
  stop: ['\n', ['a', 'b', 'c', 'd'], null],
  store: [true, null],
  stream: [true, false, null],
  stream_options: [{ include_usage: true, include_obfuscation: false }, null],
  temperature: [0, 2, null],
  tool_choice: [
    'none',
    'auto',
    'required',
    { type: 'function', function: { name: 'get_weather' } },
    { type: 'custom', custom: { name: 'run_sql' } },
    {
      type: 'allowed_tools',
      allowed_tools: { mode: 'auto', tools: [{ type: 'function', function: { name: 'get_weather' } }] },
    },
  ],
  tools: [
    [
      {
        type: 'function',
        function: { name: 'get_weather', description: 'd', parameters: { type: 'object' }, strict: null },
      },
      { type: 'custom', custom: { name: 'run_sql', description: 'SQL', format: { type: 'text' } } },
      {
        type: 'custom',
        custom: {
          name: 'calc',
          format: { type: 'grammar', grammar: { definition: 'start: "x"', syntax: 'lark' } },
        },
      },
    ],
  ],
  top_logprobs: [0, 20, null],
  top_p: [0.5, null],
  user: ['user-1234'],
  verbosity: ['low', 'medium', 'high', null],
  web_search_options: [
    {},
    {
      search_context_size: 'low',
      user_location: { type: 'approximate', approximate: { country: 'US', city: 'Boston' } },
    },
    { user_location: null },
  ],
  session_id: ['s-1'],
};

const root = path.resolve(__dirname, '..', '..');

/** The request field names of OpenAI's spec copy: CreateChatCompletionRequest with its allOf parts merged. */
export function openaiSpecRequestFields(): string[] {
  const file = path.join(root, 'contract', 'openai', 'chat-completions.openapi.yaml');
  const schemas = parse(readFileSync(file, 'utf8')).components.schemas as Record<string, Schema>;
  const names = new Set<string>();
  const visit = (s: Schema | undefined): void => {
    if (!s) return;
    if (s.$ref) {
      visit(schemas[s.$ref.replace('#/components/schemas/', '')]);
      return;
    }
    for (const part of s.allOf ?? []) visit(part);
    for (const name of Object.keys(s.properties ?? {})) names.add(name);
  };
  visit(schemas.CreateChatCompletionRequest);
  return [...names].sort();
}

interface Schema {
  $ref?: string;
  allOf?: Schema[];
  properties?: Record<string, unknown>;
}

/**
 * The property names of `ChatCompletionCreateParamsBase` as the installed `openai` package declares
 * them, read from its .d.ts files with the TypeScript compiler (inherited members included).
 */
export function openaiClientRequestFields(): string[] {
  const entry = require.resolve('openai/resources/chat/completions/completions').replace(/\.js$/, '.d.ts');
  const program = ts.createProgram([entry], { noEmit: true, skipLibCheck: true });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(entry);
  if (!source) throw new Error(`cannot read ${entry}`);
  let found: ts.InterfaceDeclaration | undefined;
  ts.forEachChild(source, (node) => {
    if (ts.isInterfaceDeclaration(node) && node.name.text === 'ChatCompletionCreateParamsBase') found = node;
  });
  if (!found) throw new Error(`no ChatCompletionCreateParamsBase in ${entry}`);
  const type = checker.getTypeAtLocation(found.name);
  return checker
    .getPropertiesOfType(type)
    .map((p) => p.getName())
    .sort();
}
