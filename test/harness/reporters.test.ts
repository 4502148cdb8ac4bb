import {
  curlFor,
  type Exchange,
  FAILURE_HANDLING_UNTESTED,
  REDACTED,
  type Report,
  renderJson,
  renderJunit,
  renderPretty,
  runConformance,
} from '../../src/harness';
import { isSecretHeader, redactDeep, secretsFrom } from '../../src/harness/record/redact';
import { type RunningServer, startServer } from '../../src/start';
import { parseXml } from './helpers/xml';

const report: Report = {
  schemaVersion: 1,
  target: 'http://127.0.0.1:9/v1',
  profile: 'strict',
  summary: { pass: 1, fail: 1, warn: 1, skip: 1 },
  results: [
    {
      scenario: 'basic-stream',
      check: 'stable-id',
      verdict: 'pass',
      severity: 'must',
      rule: 'The stable-id rule.',
      message: 'ok',
    },
    {
      scenario: 'basic-stream',
      check: 'done-terminator',
      verdict: 'fail',
      severity: 'must',
      rule: 'The done-terminator rule.',
      message: 'stream ended with <no> [DONE] & "more"',
      evidence: ['data: {"a":"<b>&amp;\'x\'"}', 'bell \u0007 here'],
      curl: 'curl -sS -X POST http://127.0.0.1:9/v1/chat/completions --data-raw \'{"stream":true}\'',
    },
    {
      scenario: 'n-2',
      check: 'role-first',
      verdict: 'warn',
      severity: 'should',
      rule: 'The role-first rule.',
      message: 'role repeated',
    },
    {
      scenario: 'auth',
      check: 'auth-required',
      verdict: 'skip',
      severity: 'must',
      rule: 'The auth-required rule.',
      message: 'no API key given',
    },
  ],
  streams: [{ scenario: 'basic-stream', exchange: 'stream', class: 'truncated' }],
  startedAt: '2026-01-01T00:00:00.000Z',
  durationMs: 1234,
};

describe('JSON reporter', () => {
  it('writes the versioned shape with keys in documented order', () => {
    const json = JSON.parse(renderJson({ ...report, toolVersion: '9.9.9', command: 'check' }));
    expect(Object.keys(json)).toEqual([
      'schemaVersion',
      'toolVersion',
      'command',
      'target',
      'profile',
      'summary',
      'results',
      'streams',
      'exchanges',
      'clients',
      'startedAt',
      'durationMs',
    ]);
    expect(json.schemaVersion).toBe(1);
    expect(json.toolVersion).toBe('9.9.9');
    expect(Object.keys(json.results[1])).toEqual([
      'scenario',
      'check',
      'verdict',
      'severity',
      'rule',
      'message',
      'evidence',
      'curl',
    ]);
    expect(json.results[0]).not.toHaveProperty('evidence');
  });

  it('always has clients and a deselected count, and keeps exchange durations', () => {
    const json = JSON.parse(
      renderJson({
        ...report,
        exchanges: [{ scenario: 'basic-stream', exchange: 'stream', status: 200, durationMs: 420 }],
      }),
    );
    expect(json.clients).toEqual([]);
    expect(json.summary.deselected).toBe(0);
    expect(json.exchanges).toEqual([
      { scenario: 'basic-stream', exchange: 'stream', status: 200, durationMs: 420 },
    ]);
  });
});

describe('JUnit reporter', () => {
  const xml = renderJunit(report);
  const root = parseXml(xml);

  it('is well-formed with one testsuite per scenario and one testcase per check', () => {
    expect(root.name).toBe('testsuites');
    expect(root.children.map((s) => [s.name, s.attrs.name, s.attrs.tests])).toEqual([
      ['testsuite', 'basic-stream', '2'],
      ['testsuite', 'n-2', '1'],
      ['testsuite', 'auth', '1'],
    ]);
    expect(root.attrs).toMatchObject({ tests: '4', failures: '1', skipped: '1' });
  });

  it('maps fail to failure, skip to skipped and warn to system-out', () => {
    const [basic, n2, auth] = root.children;
    const failure = basic!.children[1]!.children[0]!;
    expect(failure.name).toBe('failure');
    expect(failure.attrs.message).toBe('stream ended with <no> [DONE] & "more"');
    expect(failure.text).toContain('data: {"a":"<b>&amp;\'x\'"}');
    expect(failure.text).toContain('curl -sS');
    expect(basic!.children[0]!.children).toEqual([]);
    expect(n2!.children[0]!.children[0]!.name).toBe('system-out');
    expect(auth!.children[0]!.children[0]).toMatchObject({
      name: 'skipped',
      attrs: { message: 'no API key given' },
    });
  });

  it("puts the rule in the failure and times each testcase by its scenario's exchanges", () => {
    const timed = parseXml(
      renderJunit({
        ...report,
        exchanges: [
          { scenario: 'basic-stream', exchange: 'stream', status: 200, durationMs: 1500 },
          { scenario: 'basic-stream', exchange: 'again', status: 200, durationMs: 250 },
        ],
      }),
    );
    const basic = timed.children[0]!;
    expect(basic.attrs.time).toBe('1.750');
    expect(basic.children.map((c) => c.attrs.time)).toEqual(['1.750', '1.750']);
    expect(basic.children[1]!.children[0]!.text).toContain('rule: The done-terminator rule.');
  });

  it('replaces characters XML cannot hold', () => {
    expect(xml).not.toContain('\u0007');
    expect(xml).toContain('bell \uFFFD here');
  });
});

describe('pretty reporter', () => {
  const checks = [
    {
      id: 'done-terminator',
      severity: 'must' as const,
      rule: 'A stream ends with [DONE].',
      offline: true,
      run: () => ({ applies: false as const }),
    },
  ];
  const text = renderPretty(report, { checks });

  it('shows the rule, the offending lines and the curl for a failure', () => {
    expect(text).toContain('FAIL  done-terminator (must) in 1 scenario');
    expect(text).toContain('rule: A stream ends with [DONE].');
    expect(text).toContain('| bell \\x07 here');
    expect(text).toContain('curl -sS -X POST');
  });

  it('lists stream classes when something failed and ends with a short summary', () => {
    expect(text.indexOf('done-terminator (must) in')).toBeLessThan(text.indexOf('WARN  role-first'));
    expect(text).toMatch(/truncated +1 stream +basic-stream\/stream/);
    expect(text.trimEnd().split('\n').slice(-3)).toEqual([
      'FAIL  done-terminator (must): 1 scenario',
      'WARN  role-first (should): 1 scenario',
      '1 passed, 1 failed (1 must), 1 warning, 1 skipped in 1234 ms',
    ]);
  });

  it('keeps every evidence line in its gutter and escapes line breaks and escape sequences', () => {
    const evil: Report = {
      ...report,
      results: [
        {
          ...report.results[1]!,
          message: 'two\nlines',
          evidence: ['data: {"a":"x"}\ninjected: line\r', 'esc \u001b[31m red'],
        },
      ],
    };
    const lines = renderPretty(evil, { checks }).split('\n');
    const gutter = lines.filter((l) => l.includes('| '));
    expect(gutter).toEqual(['        | data: {"a":"x"}\\ninjected: line\\r', '        | esc \\x1b[31m red']);
    expect(lines.some((l) => l.startsWith('injected'))).toBe(false);
    expect(lines.join('\n')).toContain('two\\nlines');
  });

  it('colours only when asked, and then marks a failure red', () => {
    expect(text).not.toContain('\u001b[');
    expect(renderPretty(report, { checks, color: true })).toContain('\u001b[31mFAIL\u001b[39m');
  });

  it('says one line per skipped check, counts deselected ones and has no * heading', () => {
    const skipped: Report = {
      ...report,
      summary: { ...report.summary, deselected: 15 },
      failureHandling: 'untested',
    };
    const out = renderPretty(skipped, { checks });
    expect(out).toContain('SKIP  auth-required (must): no API key given');
    expect(out).toMatch(/1 skipped, 15 deselected in 1234 ms/);
    expect(out).not.toMatch(/^\*/m);
    expect(out).toContain(FAILURE_HANDLING_UNTESTED);
  });

  it('is a handful of lines when everything passed', () => {
    const green: Report = {
      ...report,
      summary: { pass: 1, fail: 0, warn: 0, skip: 0, deselected: 0 },
      results: [report.results[0]!],
    };
    expect(renderPretty(green).trimEnd().split('\n')).toEqual([
      `chat-contract check ${report.target} (profile strict)`,
      '',
      'no failures: 1 check passed on 1 scenario',
      '',
      '1 passed, 0 failed, 0 warnings, 0 skipped in 1234 ms',
    ]);
  });

  it('names the command that produced the report', () => {
    expect(renderPretty({ ...report, command: 'check-transcript' })).toMatch(
      /^chat-contract check-transcript /,
    );
  });
});

describe('redaction', () => {
  const KEY = 'sk-test-SECRET-4242';
  const HEADER_SECRET = 'hdr-SECRET-77';
  let server: RunningServer;
  let reportWithKey: Report;
  const exchanges: Array<[string, Exchange]> = [];

  beforeAll(async () => {
    server = await startServer({ port: 0 });
    // The reference server has no key, so the auth scenario (asked for) fails and its curl must still hide the key.
    reportWithKey = await runConformance({
      baseUrl: `${server.url}/v1`,
      apiKey: KEY,
      expectAuth: true,
      // `x-portkey-provider` holds "key" inside a word: its value is an ordinary word, not a credential.
      headers: { 'x-api-key': HEADER_SECRET, 'x-portkey-provider': 'openai' },
      only: ['auth', 'basic-stream', 'auth-required', 'stable-id'],
      onExchange: (scenario, exchange) => exchanges.push([scenario, exchange]),
    });
  });
  afterAll(() => server.close());

  it('ran the auth scenario and reported a failure with a curl', () => {
    const auth = reportWithKey.results.find((r) => r.check === 'auth-required');
    expect(auth?.verdict).toBe('fail');
    expect(auth?.curl).toMatch(/^curl /);
  });

  it('hands redacted exchanges to onExchange', () => {
    const seen = JSON.stringify(exchanges);
    expect(seen).toContain('basic-stream');
    expect(seen).not.toContain(KEY);
    expect(seen).not.toContain(HEADER_SECRET);
  });

  it('writes curls that take the key from the environment', () => {
    const curl = curlFor({
      method: 'POST',
      url: 'http://127.0.0.1:9/v1/chat/completions',
      headers: { authorization: `Bearer ${KEY}`, 'x-api-key': HEADER_SECRET },
      body: '{}',
    });
    expect(curl).toContain('-H "Authorization: Bearer $OPENAI_API_KEY"');
    // A credential header reads its value from an environment variable, never the literal placeholder.
    expect(curl).toContain('-H "x-api-key: $X_API_KEY"');
    expect(curl).not.toContain(REDACTED);
    expect(curl).not.toContain(KEY);
    expect(curl).not.toContain(HEADER_SECRET);
  });

  it('keeps the value of a header that is not a credential, in the curl and everywhere else', () => {
    const auth = reportWithKey.results.find((r) => r.check === 'auth-required');
    expect(auth?.curl).toContain("'x-portkey-provider: openai'");
    const json = renderJson(reportWithKey);
    expect(json).not.toMatch(/\[redacted\]-/);
    expect(
      redactDeep(
        'openai-node: looked successful',
        secretsFrom(undefined, { 'x-portkey-provider': 'openai' }),
      ),
    ).toBe('openai-node: looked successful');
  });

  it.each([
    ['authorization', true],
    ['Proxy-Authorization', true],
    ['cookie', true],
    ['x-api-key', true],
    ['api-key', true],
    ['x-portkey-api-key', true],
    ['x-auth-token', true],
    ['x_client_secret', true],
    ['x-apikey', true],
    ['db-password', true],
    ['x-portkey-provider', false],
    ['x-portkey-custom-host', false],
    ['x-keyboard-layout', false],
    ['monkey', false],
  ])('decides by the words of the name whether %s carries a credential', (name, want) => {
    expect(isSecretHeader(name)).toBe(want);
  });

  it.each([
    ['json', renderJson],
    ['junit', renderJunit],
    ['pretty', (r: Report) => renderPretty(r, { verbose: true })],
  ])('never prints the key in the %s report', (_name, render) => {
    const out = render(reportWithKey);
    expect(out).not.toContain(KEY);
    expect(out).not.toContain(HEADER_SECRET);
  });
});
