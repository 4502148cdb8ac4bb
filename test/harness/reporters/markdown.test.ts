import type { CheckResult, Report } from '../../../src/harness';
import { mdCode, mdEscape, mdFence, renderMarkdown } from '../../../src/harness/reporters/markdown';
import { HOSTILE, hostileReport } from './hostileReport';

/** The fenced blocks of a Markdown text (CommonMark: a closing fence is at least as long as its opener). */
function fences(md: string): Array<{ info: string; body: string }> {
  const out: Array<{ info: string; body: string }> = [];
  const lines = md.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const open = /^(`{3,})(.*)$/.exec(lines[i]!);
    if (!open) continue;
    const body: string[] = [];
    let j = i + 1;
    while (j < lines.length && !new RegExp(`^${open[1]}\`*\\s*$`).test(lines[j]!)) body.push(lines[j++]!);
    out.push({ info: open[2]!, body: body.join('\n') });
    i = j;
  }
  return out;
}

/** The text outside fenced blocks and code spans: what GitHub would read as Markdown and HTML. */
function prose(md: string): string {
  let text = md;
  for (const f of fences(md)) text = text.replace(f.body, '');
  return text.replace(/(`+)(?!`).*?[^`]\1(?!`)/g, '');
}

describe('Markdown report', () => {
  const md = renderMarkdown(hostileReport);

  it('opens with the outcome and a one-row summary table', () => {
    const [heading, , head, rule, row] = md.split('\n');
    expect(heading).toBe('## chat-contract check: ❌ FAILED (2 must failures)');
    expect(head).toBe('| Target | Profile | Passed | Failed | Warnings | Skipped | Duration |');
    expect(rule).toMatch(/^\|( --- \|){7}$/);
    expect(row).toBe('| `http://127.0.0.1:9/v1?"x"=<y>` | strict | 1 | 2 | 1 | 1 | 1.2 s |');
    const versioned = renderMarkdown({ ...hostileReport, toolVersion: '9.9.9' } as Report);
    expect(versioned).toContain('| Target | Profile | Tool |');
  });

  it('lists the failing and warning checks with their scenarios and rules', () => {
    expect(md).toContain(
      '| `stable-id` | ❌ FAIL | must | 2 of 2: basic-stream, n-2 | Every chunk of a stream carries the same non-empty id. |',
    );
    expect(md).toContain('| `role-first` | ⚠️ WARN | should | 1 of 1: n-2 |');
  });

  it('gives each failure its rule, location, evidence with line numbers and curl in fences', () => {
    expect(md).toContain('### ❌ FAIL `stable-id` (must): 2 of 2 scenarios');
    expect(md).toContain('> Rule: Every chunk of a stream carries the same non-empty id.');
    expect(md).toContain('**basic-stream**: \\[stream\\] event 2: id changed from "a" to "\\</pre\\>');
    expect(md).toContain('Evidence:');
    const blocks = fences(md);
    expect(blocks.find((b) => b.info === 'text')?.body).toBe(`3 | data: {"id":"${HOSTILE}"}`);
    expect(blocks.find((b) => b.info === 'sh')?.body).toContain('curl -sS -N -X POST');
  });

  it('keeps server bytes out of the Markdown: no raw HTML, no live syntax outside code', () => {
    const outside = prose(md);
    expect(outside).not.toMatch(/(?<!\\)</);
    expect(outside).not.toMatch(/(?<!\\)\|\*x/);
    expect(md).not.toMatch(/<details|<style|<script(?![^`]*`)/);
    // A fence longer than the evidence's own ``` keeps it inside.
    const evidenceFence = md.split('\n').find((l) => /^`{3,}text$/.test(l));
    expect(evidenceFence).toBe('````text');
  });

  it('lists skipped checks, streams that did not succeed, and client outcomes', () => {
    expect(md).toContain('- `failure-error-frame` (must): fault-mid-stream skipped: no --fault-directives');
    expect(md).toContain('Streams, as a client would see them: 1 success, 1 truncated.');
    expect(md).toContain('| n-2 | `stream` | truncated |');
    expect(md).toContain('| fault-mid-stream | openai-node | looked successful |');
    expect(md).toContain('Official clients on injected faults: 1 looked successful.');
  });

  it('keeps a passing run short: streams and clients counted, not listed', () => {
    const passing: Report = {
      ...hostileReport,
      summary: { pass: 1, fail: 0, warn: 0, skip: 0 },
      results: hostileReport.results.filter((r) => r.verdict === 'pass'),
      clients: [{ scenario: 'fault-mid-stream', client: 'openai-node', outcome: 'raised error' }],
    };
    const out = renderMarkdown(passing);
    expect(out).toContain('Streams, as a client would see them: 1 success, 1 truncated.');
    expect(out).toContain('Official clients on injected faults: 1 raised error.');
    expect(out).not.toContain('| Scenario |');
    expect(out.split('\n').length).toBeLessThan(12);
  });

  it('stays under a PR comment limit on a run with many long failures', () => {
    const big: CheckResult[] = Array.from({ length: 40 }, (_, i) => ({
      ...hostileReport.results[0]!,
      check: `check-${i}`,
      evidence: Array.from({ length: 50 }, () => 'x'.repeat(2000)),
      findings: undefined,
    }));
    const out = renderMarkdown({ ...hostileReport, results: big });
    expect(out.length).toBeLessThan(65_536);
    expect(out).toMatch(/\d+ more checks not detailed here \(size limit\): `check-\d+`/);
    expect(out).toContain('… 30 more lines');
  });
});

describe('Markdown building blocks', () => {
  it.each([
    ['HTML', '<b>x</b>', '\\<b\\>x\\</b\\>'],
    ['emphasis and pipes', '*a* | _b_', '\\*a\\* \\| \\_b\\_'],
    ['newlines', 'a\nb\r\nc', 'a b c'],
    ['entities', '&amp;', '\\&amp;'],
  ])('mdEscape escapes %s', (_name, given, want) => {
    expect(mdEscape(given)).toBe(want);
  });

  it.each([
    ['plain', 'ok', '`ok`'],
    ['a backtick inside', 'a`b', '``a`b``'],
    ['a leading backtick', '`a', '`` `a ``'],
    ['a pipe', 'a|b', '`a\\|b`'],
  ])('mdCode wraps %s safely', (_name, given, want) => {
    expect(mdCode(given)).toBe(want);
  });

  it('makes a fence longer than any backtick run inside', () => {
    expect(mdFence('a ````` b', 'text')).toBe('``````text\na ````` b\n``````');
    expect(mdFence('plain')).toBe('```\nplain\n```');
  });
});
