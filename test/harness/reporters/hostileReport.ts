import type { CheckResult, Report } from '../../../src/harness';

/** Bytes a hostile or broken server could send, quoted into every field a report shows. */
export const HOSTILE = '</pre><script>alert(1)</script><img src=x onerror=alert(2)>```|*x*';

const fail: CheckResult = {
  scenario: 'basic-stream',
  check: 'stable-id',
  verdict: 'fail',
  severity: 'must',
  rule: 'Every chunk of a stream carries the same non-empty id.',
  message: `id changed from "a" to "${HOSTILE}"`,
  exchange: 'stream',
  event: 2,
  lines: [3],
  evidence: [`data: {"id":"${HOSTILE}"}`],
  more: 3,
  findings: [
    {
      message: `id changed from "a" to "${HOSTILE}"`,
      exchange: 'stream',
      event: 2,
      lines: [3],
      evidence: [`data: {"id":"${HOSTILE}"}`],
    },
    {
      message: 'id changed back',
      exchange: 'stream',
      event: 3,
      lines: [5, 6],
      evidence: ['data: {"id":"a"}', 'bell \u0007 here'],
    },
  ],
  curl: `curl -sS -N -X POST http://127.0.0.1:9/v1/chat/completions --data-raw '{"stream":true,"x":"\`\`\`\`"}'`,
};

/** A failing report: one `must` failure in two scenarios, a warning, a pass, a check that ran nowhere. */
export const hostileReport: Report = {
  schemaVersion: 1,
  target: 'http://127.0.0.1:9/v1?"x"=<y>',
  profile: 'strict',
  summary: { pass: 1, fail: 2, warn: 1, skip: 1 },
  results: [
    fail,
    { ...fail, scenario: 'n-2', findings: undefined, more: undefined, curl: undefined },
    {
      scenario: 'basic-stream',
      check: 'done-terminator',
      verdict: 'pass',
      severity: 'must',
      rule: 'A stream ends with data: [DONE].',
      message: 'ok',
    },
    {
      scenario: 'n-2',
      check: 'role-first',
      verdict: 'warn',
      severity: 'should',
      rule: 'The first delta of each choice carries the role.',
      message: 'role missing',
      exchange: 'stream',
      event: 1,
    },
    {
      scenario: '*',
      check: 'failure-error-frame',
      verdict: 'skip',
      severity: 'must',
      rule: 'A failure after the first byte is an in-band error frame.',
      message: 'fault-mid-stream skipped: no --fault-directives',
    },
  ],
  streams: [
    { scenario: 'basic-stream', exchange: 'stream', class: 'success' },
    { scenario: 'n-2', exchange: 'stream', class: 'truncated' },
  ],
  clients: [{ scenario: 'fault-mid-stream', client: 'openai-node', outcome: 'looked successful' }],
  startedAt: '2026-01-01T00:00:00.000Z',
  durationMs: 1234,
};
