import {
  type Check,
  type Finding,
  NOT_RUN,
  type Profile,
  type ScenarioRun,
  type Verdict,
} from '../../src/harness';
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

  const faultSkipped: ScenarioRun = {
    scenario: 'fault-mid-stream',
    intent: 'fault',
    exchanges: [],
    skipped: 'no way to inject faults',
  };
  const authSkipped: ScenarioRun = {
    scenario: 'auth',
    intent: 'invalid',
    exchanges: [],
    skipped: 'not asked',
  };

  const invalidRan: ScenarioRun = { scenario: 'invalid-requests', intent: 'invalid', exchanges: [] };

  it('skips a failure check with the reason of the fault scenarios, under no * heading', () => {
    const failureCheck = check({
      id: 'failure-error-frame',
      run: () => ({ applies: false, reason: 'no stream' }),
    });
    const { rows } = skipRows([failureCheck], [run, invalidRan, faultSkipped, authSkipped], [], 'strict', {
      notApplicable: new Map([['failure-error-frame', ['only fault scenarios fail on purpose']]]),
      scenariosNarrowed: false,
    });
    expect(rows.map((r) => [r.scenario, r.check, r.verdict, r.message])).toEqual([
      [NOT_RUN, 'failure-error-frame', 'skip', 'no way to inject faults'],
    ]);
  });

  it("gives a check its own target-wide reason, not every skipped scenario's", () => {
    const authCheck = check({
      id: 'auth-required',
      run: () => ({ applies: false, reason: 'pass --expect-auth' }),
    });
    const { rows } = skipRows([authCheck], [run, invalidRan, faultSkipped, authSkipped], [], 'strict', {
      notApplicable: new Map([['auth-required', ['pass --expect-auth', 'pass --expect-auth']]]),
      scenariosNarrowed: false,
    });
    expect(rows.map((r) => r.message)).toEqual(['pass --expect-auth']);
  });

  it('gives the skip reason alone when the check would have judged one of the skipped scenarios', () => {
    const midSkipped: ScenarioRun = {
      ...faultSkipped,
      scenario: 'fault-before-first-token',
      fault: 'before-first-token',
    };
    const early = check({
      id: 'failure-early-status',
      run: (r) =>
        r.fault === 'before-first-token'
          ? { applies: true, findings: [] }
          : { applies: false, reason: 'only early faults' },
    });
    const { rows } = skipRows([early], [run, invalidRan, faultSkipped, midSkipped], [], 'strict', {
      notApplicable: new Map([['failure-early-status', ['only early faults']]]),
      scenariosNarrowed: false,
    });
    expect(rows.map((r) => r.message)).toEqual(['no way to inject faults']);
  });

  it('counts checks whose scenarios --only/--skip left out as deselected, with no row', () => {
    const skipped = skipRows([check(), check({ id: 'auth-required' })], [run], [], 'strict', {
      notApplicable: new Map(),
      scenariosNarrowed: true,
    });
    expect(skipped).toEqual({ rows: [], deselected: 2 });
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
    expect(skipRows([check()], [run], judged, 'strict').rows).toEqual([]);
    expect(skipRows([check()], [run], [], 'strict').rows[0]).toMatchObject({
      scenario: NOT_RUN,
      message: 'no scenario this check applies to ran',
    });
  });
});
