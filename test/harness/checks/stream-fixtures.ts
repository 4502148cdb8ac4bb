import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Recording, runFromRecordings } from '../../../src/harness/record/recorded';
import type { Finding, Intent, ScenarioRun } from '../../../src/harness/types';

const DIR = join(__dirname, '../../fixtures/streams');
const MESSAGES = [{ role: 'user', content: 'Say hello' }];

/** Requests that produced the fixtures (a fixture's bytes only make sense next to what was asked). */
export const REQUESTS = {
  plain: { model: 'gpt-4o-mini', messages: MESSAGES, stream: true },
  usage: { model: 'gpt-4o-mini', messages: MESSAGES, stream: true, stream_options: { include_usage: true } },
  n2: { model: 'gpt-4o-mini', messages: MESSAGES, stream: true, n: 2 },
  tools: {
    model: 'gpt-4o-mini',
    messages: MESSAGES,
    stream: true,
    tools: [{ type: 'function', function: { name: 'get_weather', parameters: { type: 'object' } } }],
  },
  parallelTools: {
    model: 'gpt-4o-mini',
    messages: MESSAGES,
    stream: true,
    parallel_tool_calls: true,
    tools: [
      { type: 'function', function: { name: 'get_weather', parameters: { type: 'object' } } },
      { type: 'function', function: { name: 'get_time', parameters: { type: 'object' } } },
    ],
  },
  legacyFunctions: {
    model: 'gpt-4o-mini',
    messages: MESSAGES,
    stream: true,
    functions: [{ name: 'get_weather', parameters: { type: 'object' } }],
  },
  capped: {
    model: 'gpt-4o-mini',
    messages: MESSAGES,
    stream: true,
    max_tokens: 2,
    stream_options: { include_usage: true },
  },
} as const;

/** How a fixture was recorded, when it differs from a plain streamed success. */
interface FixtureSetting {
  request?: keyof typeof REQUESTS;
  intent?: Intent;
  headers?: Record<string, string>;
}

const SETTINGS: Record<string, FixtureSetting> = {
  'good-include-usage': { request: 'usage' },
  'good-n2': { request: 'n2' },
  'good-tool-calls': { request: 'parallelTools' },
  'wrong-content-type': { headers: { 'content-type': 'application/json' } },
  'error-line': { intent: 'fault' },
  'error-frame-integer-code': { intent: 'fault' },
  'usage-chunk-missing': { request: 'usage' },
  'usage-before-finish': { request: 'usage' },
  'usage-on-non-final-chunk': { request: 'usage' },
  'choice-index-1-missing': { request: 'n2' },
  'choice-index-2-extra': { request: 'n2' },
  'tool-delta-without-index': { request: 'tools' },
  'tool-first-fragment-without-id': { request: 'tools' },
  'tool-finish-stop': { request: 'tools' },
  'tool-arguments-not-json': { request: 'tools' },
  'finish-stop-at-token-cap': { request: 'capped' },
  'delta-tool-fragment-blank-id': { request: 'tools' },
  'tool-args-object': { request: 'tools' },
  'tool-args-snapshots': { request: 'tools' },
  'tool-calls-same-index': { request: 'parallelTools' },
  'tool-calls-interleaved': { request: 'parallelTools' },
  'tool-finish-without-calls': { request: 'tools' },
  'good-function-call': { request: 'legacyFunctions' },
  'function-call-finish-without-call': { request: 'legacyFunctions' },
};

/** Raw bytes of a fixture. */
export function fixtureText(name: string): string {
  return readFileSync(join(DIR, `${name}.sse`), 'utf8');
}

/** The ScenarioRun a fixture stands for, recorded as one exchange labelled `stream`. */
export function fixtureRun(
  name: string,
  override: Partial<Recording> & { intent?: Intent } = {},
): ScenarioRun {
  const setting = SETTINGS[name] ?? {};
  const { intent, ...recording } = override;
  return runFromRecordings(name, intent ?? setting.intent ?? 'success', [
    {
      body: fixtureText(name),
      request: REQUESTS[setting.request ?? 'plain'],
      label: 'stream',
      ...(setting.headers ? { headers: setting.headers } : {}),
      ...recording,
    },
  ]);
}

/** The correct baselines: every stream check passes each of them. */
export const GOOD_FIXTURES = [
  'good-basic',
  'good-include-usage',
  'good-n2',
  'good-tool-calls',
  'good-openai-2024',
  'good-openai-2026',
  'good-refusal-null',
  'good-crlf-keepalive',
  'good-reasoning',
  'good-function-call',
] as const;

/** A finding as a person reads it: its location fields (event, else first line) before the prose. */
export function located(f: Finding): string {
  if (f.event !== undefined) return `event ${f.event}: ${f.message}`;
  if (f.lines?.length) return `line ${f.lines[0]}: ${f.message}`;
  return f.message;
}
