import { createHash } from 'node:crypto';
import type { Report } from '../../../src/harness';
import {
  anchorId,
  escapeHtml,
  evidenceHtml,
  REPORT_SCRIPT,
  renderHtml,
  visibleControls,
} from '../../../src/harness/reporters/html';
import { HOSTILE, hostileReport } from './hostileReport';

describe('HTML report', () => {
  const html = renderHtml(hostileReport);

  it('escapes every piece of server text: the only script is its own', () => {
    expect(html.match(/<script/g)).toHaveLength(1);
    expect(html).not.toContain('<img');
    expect(html).not.toContain(HOSTILE);
    expect(html).toContain(escapeHtml(HOSTILE));
    expect(html).toContain(escapeHtml(hostileReport.target));
  });

  it('is self-contained: no external resource, and a policy that forbids fetching any', () => {
    // Escaped text and attribute values hold no '<' or '>', so these are the page's own tags.
    const tags = (html.match(/<[a-zA-Z][^>]*>/g) ?? []).map((t) => t.replace(/="[^"]*"/g, '=""'));
    expect(tags.filter((t) => /^<(link|img|iframe|object|embed)|\ssrc=/.test(t))).toEqual([]);
    const hrefs = [...html.matchAll(/<a href="([^"]*)"/g)].map((m) => m[1]);
    expect(hrefs.length).toBeGreaterThan(0);
    expect(hrefs.filter((h) => !h?.startsWith('#'))).toEqual([]);
    const style = /<style>(.*?)<\/style>/s.exec(html)?.[1] ?? '';
    expect(style).not.toMatch(/@import|url\(|@font-face/);
    const csp = /http-equiv="Content-Security-Policy" content="([^"]*)"/.exec(html)?.[1] ?? '';
    expect(csp).toContain('default-src &#39;none&#39;');
    const hash = createHash('sha256').update(REPORT_SCRIPT).digest('base64');
    expect(csp).toContain(`&#39;sha256-${hash}&#39;`);
    expect(html).toContain(`<script>${REPORT_SCRIPT}</script>`);
  });

  it('tells the outcome, target, profile and counts at the top', () => {
    expect(html).toContain('FAILED: 2 must failures in 1 check');
    expect(html).toContain('strict');
    expect(html).toMatch(
      /PASS<\/span> 1 passed.*FAIL<\/span> 2 failed.*WARN<\/span> 1 warnings.*SKIP<\/span> 1 skipped/s,
    );
    expect(html).not.toContain('<dt>Tool</dt>');
    const versioned = renderHtml({ ...hostileReport, toolVersion: '9.9.9' } as Report);
    expect(versioned).toContain('<dt>Tool</dt><dd>chat-contract 9.9.9</dd>');
  });

  it('draws the checks × scenarios matrix with linked failing cells and hatched gaps', () => {
    const row = /<tr class="row-fail" id="row--stable-id">.*?<\/tr>/s.exec(html)?.[0] ?? '';
    expect(row).toContain('href="#check--stable-id"');
    expect(row.match(/class="cell c-fail"/g)).toHaveLength(2);
    expect(row).toContain('href="#result--stable-id--basic-stream"');
    const done = /<tr class="row-pass" id="row--done-terminator">.*?<\/tr>/s.exec(html)?.[0] ?? '';
    expect(done).toContain('class="cell c-pass"');
    expect(done).toContain('class="cell none"');
    expect(html).toMatch(/<tr class="row-skip" id="row--failure-error-frame">.*not run/);
    expect(html).not.toMatch(/<th class="scenario"[^>]*>\*<\/th>/);
  });

  it('drills a failing check down to its rule, located findings, numbered evidence and curl', () => {
    const check =
      /<details class="check fail" id="check--stable-id">.*?\n<\/details>\n<details class="check warn"/s.exec(
        html,
      )?.[0];
    expect(check).toBeDefined();
    expect(check).toContain('failed in 2 of 2 scenarios');
    expect(check).toContain('Rule: Every chunk of a stream carries the same non-empty id.');
    expect(check).toContain('<details class="scenario" id="result--stable-id--basic-stream" open>');
    expect(check).toContain('<details class="scenario" id="result--stable-id--n-2">');
    expect(check).toContain('<span class="where">[stream] event 3</span> id changed back');
    expect(check).toContain('<span class="ln">5</span>data: {&quot;id&quot;:&quot;a&quot;}');
    expect(check).toContain('<span class="ln">6</span>bell \u2407 here');
    expect(check).toContain('and 2 more findings not shown');
    expect(check).toContain('<pre class="curl">curl -sS -N -X POST');
  });

  it('lists skipped checks with their reasons and the stream and client tables', () => {
    expect(html).toContain('id="skipped--failure-error-frame"');
    expect(html).toMatch(
      /failure-error-frame <span class="muted">\(must\) fault-mid-stream skipped: no --fault-directives<\/span><\/summary>/,
    );
    expect(html).toMatch(
      /n-2<\/td><td><span class="mono">stream<\/span><\/td><td><span class="verdict v-info">truncated/,
    );
    expect(html).toMatch(/openai-node<\/td><td><span class="verdict v-fail">looked successful/);
  });

  it('says PASSED when no must check failed', () => {
    const passing: Report = {
      ...hostileReport,
      summary: { pass: 1, fail: 0, warn: 1, skip: 0 },
      results: hostileReport.results.filter((r) => r.verdict === 'pass' || r.verdict === 'warn'),
    };
    expect(renderHtml(passing)).toContain('PASSED: no must failure, 1 warning');
  });
});

describe('HTML building blocks', () => {
  it.each([
    ['markup', '<a href="x">&\'', '&lt;a href=&quot;x&quot;&gt;&amp;&#39;'],
    ['plain text', 'data: [DONE]', 'data: [DONE]'],
  ])('escapeHtml escapes %s', (_name, given, want) => {
    expect(escapeHtml(given)).toBe(want);
  });

  it('shows control characters as control pictures and keeps tabs and newlines', () => {
    expect(visibleControls('a\u0000b\rc\u001bd\u007f\te\n')).toBe('a\u2400b\u240dc\u241bd\u2421\te\n');
  });

  it('builds ids that survive as fragments', () => {
    expect(anchorId('result', 'stable-id', 'concurrent 3/#x')).toBe(
      'result--stable-id--concurrent_203_2f_23x',
    );
  });

  it('numbers evidence only when every line has its number', () => {
    expect(evidenceHtml(['a', 'b'], [9, 10])).toBe(
      '<pre class="evidence"><span class="ln"> 9</span>a\n<span class="ln">10</span>b</pre>',
    );
    expect(evidenceHtml(['a', 'b'], [9])).toBe('<pre class="evidence">a\nb</pre>');
  });
});
