import {
  renderHtml,
  renderJson,
  renderJunit,
  renderMarkdown,
  renderPretty,
} from '../../../src/harness/reporters';
import type { Report } from '../../../src/harness/types';

const report: Report = {
  schemaVersion: 1,
  target: 'http://127.0.0.1:1/v1',
  profile: 'strict',
  summary: { pass: 0, fail: 0, warn: 0, skip: 0 },
  results: [],
  streams: [],
  probes: [
    {
      parameter: 'max_tokens',
      verdict: 'ignored',
      evidence: ['completion_tokens 40, finish_reason "stop", cap 5'],
    },
    { parameter: 'logprobs', verdict: 'refused', evidence: ['HTTP 400: <not supported>'] },
  ],
  startedAt: '2026-01-01T00:00:00.000Z',
  durationMs: 1,
};

describe('probe rows in every report format', () => {
  it('JSON: a probes array', () => {
    expect(JSON.parse(renderJson(report)).probes).toEqual(report.probes);
  });

  it('pretty: a table', () => {
    expect(renderPretty(report)).toMatch(/^ {2}max_tokens +ignored +completion_tokens 40/m);
  });

  it('JUnit: a probes suite', () => {
    expect(renderJunit(report)).toContain('<testcase classname="probes" name="logprobs" time="0">');
  });

  it('HTML: a table with the evidence escaped', () => {
    const html = renderHtml(report);
    expect(html).toContain('<h2 id="probes">Parameters (probes)</h2>');
    expect(html).toContain('HTTP 400: &lt;not supported&gt;');
  });

  it('Markdown: a counted table', () => {
    const md = renderMarkdown(report);
    expect(md).toContain('Parameters probed: 1 ignored, 1 refused.');
    expect(md).toMatch(/\| `max_tokens` \| ignored \|/);
  });
});
