import { DEFECT_MODES } from '../../src/contract';
import { createFakeUpstream } from '../../src/fake-upstream';
import { recordExchange } from '../../src/harness/record/client';
import { checkById } from '../../src/harness/registry';
import type { Exchange, Finding, ScenarioRun } from '../../src/harness/types';
import { type Listening, listen } from '../helpers/listen';

let up: Listening;

beforeAll(async () => {
  up = await listen(createFakeUpstream().handler);
});
afterAll(() => up.close());

const TOOLS = [{ type: 'function', function: { name: 'get_weather', parameters: { type: 'object' } } }];

function send(
  label: string,
  body: Record<string, unknown>,
  headers: Record<string, string> = {},
): Promise<Exchange> {
  return recordExchange({
    label,
    method: 'POST',
    url: `${up.url}/v1/chat/completions`,
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
    expectStream: body.stream === true,
    timeoutMs: 5000,
    maxEvents: 1000,
  });
}

/** One streamed request. */
async function streamed(text: string, extra: Record<string, unknown> = {}, headers?: Record<string, string>) {
  return [
    await send(
      'stream',
      { model: 'm', messages: [{ role: 'user', content: text }], stream: true, ...extra },
      headers,
    ),
  ];
}

/** The deterministic pair: a stream and two non-stream answers to one seeded request. */
async function pair(text: string) {
  const body = { model: 'm', messages: [{ role: 'user', content: text }], temperature: 0, seed: 3 };
  return [
    await send('stream', { ...body, stream: true, stream_options: { include_usage: true } }),
    await send('non-stream-1', body),
    await send('non-stream-2', body),
  ];
}

type Drive = (defect: string) => Promise<Exchange[]>;
const d = (defect: string) => (defect ? `[[chat-contract:defect=${defect}]]` : '');

const CASES: Array<[defect: string, check: string, drive: Drive]> = [
  ['finish-abort', 'finish-reason-valid', (x) => streamed(`hello there ${d(x)}`)],
  ['role-empty', 'delta-types', (x) => streamed(`hello there ${d(x)}`)],
  ['keepalive-data', 'sse-keepalive', (x) => streamed(`hello there ${d(x)}`)],
  [
    'tool-args-object',
    'tool-args-json',
    (x) => streamed(`weather [[chat-contract:tool=get_weather]]${d(x)}`, { tools: TOOLS }),
  ],
  [
    'tool-same-index',
    'tool-calls-distinct',
    (x) => streamed(`weather [[chat-contract:tool=get_weather]]${d(x)}`, { tools: TOOLS }),
  ],
  [
    'tool-calls-dropped',
    'finish-reason-valid',
    (x) => streamed(`weather [[chat-contract:tool=get_weather]]${d(x)}`, { tools: TOOLS }),
  ],
  ['broken-utf8', 'utf8-intact', (x) => pair(`café 日本 👋 ${d(x)}`)],
  ['think-tags', 'reasoning-field', (x) => streamed(`hello there ${d(x)}`)],
  ['parity-drift', 'stream-parity', (x) => pair(`one two three ${d(x)}`)],
  ['service-tier-unknown', 'service-tier-valid', (x) => streamed(`hello there ${d(x)}`)],
  [
    'buffered',
    'compression-flush',
    (x) =>
      streamed(
        `one two three four five six seven [[chat-contract:delay-ms=40]] ${d(x)}`,
        {},
        { 'accept-encoding': 'gzip, br' },
      ),
  ],
];

function judge(check: string, exchanges: Exchange[]): { applies: boolean; findings: Finding[] } {
  const run: ScenarioRun = {
    scenario: 'defect',
    intent: 'success',
    exchanges,
    facts: { directivesHonoured: true },
  };
  const outcome = checkById(check)!.run(run, { profile: 'strict' });
  return outcome.applies ? { applies: true, findings: outcome.findings } : { applies: false, findings: [] };
}

describe('fake upstream defect modes', () => {
  it('has a case for every defect mode', () => {
    expect(CASES.map(([defect]) => defect).sort()).toEqual([...DEFECT_MODES].sort());
  });

  it.each(CASES)('defect=%s breaks %s', async (defect, check, drive) => {
    const outcome = judge(check, await drive(defect));
    expect(outcome.applies).toBe(true);
    expect(outcome.findings.length).toBeGreaterThan(0);
  });

  it.each(CASES.filter(([defect]) => defect !== 'think-tags' && defect !== 'service-tier-unknown'))(
    'the same request without defect=%s passes %s',
    async (_defect, check, drive) => {
      expect(judge(check, await drive(''))).toEqual({ applies: true, findings: [] });
    },
  );
});
