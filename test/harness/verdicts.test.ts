import type { Check, Finding, Profile, ScenarioRun, Verdict } from '../../src/harness';
import { skipRows, verdictFor } from '../../src/harness/judge/verdicts';
import { describeResult } from '../../src/harness/reporters';

const run: ScenarioRun = { scenario: 'basic-stream', intent: 'success', exchanges: [] };
const check = (over: Partial<Check> = {}): Check => ({
  id: 'stable-id',
  severity: 'must',
  rule: 'Every chunk carries the same id.',
  offline: true,
  run: () => ({ applies: false }),
  ...over,
});
const defect: Finding = { message: 'id changed', evidence: ['data: {"id":"b"}'], exchange: 'stream' };
const tolerated: Finding = { ...defect, relaxed: 'vllm-integer-code' };

describe('verdicts', () => {
  it.each<[string, Partial<Check>, Finding[], Profile, Verdict]>([
    ['no findings pass', {}, [], 'strict', 'pass'],
    ['findings on a must check fail', {}, [defect], 'strict', 'fail'],
    ['findings on a should check warn', { severity: 'should' }, [defect], 'strict', 'warn'],
    ['compatible uses compatibleSeverity', { compatibleSeverity: 'should' }, [defect], 'compatible', 'warn'],
    ['strict ignores compatibleSeverity', { compatibleSeverity: 'should' }, [defect], 'strict', 'fail'],
    ['compatible turns relaxed findings into warnings', {}, [tolerated], 'compatible', 'warn'],
    ['strict keeps relaxed findings failures', {}, [tolerated], 'strict', 'fail'],
    ['one unrelaxed finding still fails in compatible', {}, [tolerated, defect], 'compatible', 'fail'],
  ])('%s', (_name, over, findings, profile, want) => {
    expect(verdictFor(check(over), run, { applies: true, findings }, profile)?.verdict).toBe(want);
  });

  it('gives no row when the check does not apply', () => {
    expect(verdictFor(check(), run, { applies: false }, 'strict')).toBeUndefined();
  });

  it('names the exchange and keeps the evidence of a failure', () => {
    const r = verdictFor(check(), run, { applies: true, findings: [defect, defect] }, 'strict');
    expect(r).toMatchObject({ message: 'id changed', exchange: 'stream', more: 1, severity: 'must' });
    expect(describeResult(r!)).toBe('[stream] id changed (and 1 more)');
    expect(r?.evidence).toEqual(['data: {"id":"b"}', 'data: {"id":"b"}']);
  });

  it('skips a check that judged nothing once, naming the skipped scenarios and their reasons', () => {
    const skipped: ScenarioRun = {
      scenario: 'auth',
      intent: 'invalid',
      exchanges: [],
      skipped: 'no API key',
    };
    const rows = skipRows([check({ id: 'auth-required' })], [run, skipped], [], 'strict');
    expect(rows.map((r) => [r.scenario, r.check, r.verdict])).toEqual([['*', 'auth-required', 'skip']]);
    expect(rows[0]?.message).toContain('auth: no API key');
  });

  it('gives no skip row to a check that judged something', () => {
    const judged = [
      {
        scenario: 'basic-stream',
        check: 'stable-id',
        verdict: 'pass' as const,
        severity: 'must' as const,
        rule: 'A rule.',
        message: 'ok',
      },
    ];
    expect(skipRows([check()], [run], judged, 'strict')).toEqual([]);
    expect(skipRows([check()], [run], [], 'strict')[0]).toMatchObject({
      scenario: '*',
      message: 'no scenario this check applies to was run',
    });
  });
});
