import { chunkSchema } from '../../../src/harness/checks/chunk-schema';
import { runFromRecordings } from '../../../src/harness/record/recorded';
import { fixtureRun, located } from './stream-fixtures';

const ctx = { profile: 'strict' as const };

function findings(name: string) {
  const outcome = chunkSchema.run(fixtureRun(name), ctx);
  if (!outcome.applies) throw new Error('expected the check to apply');
  return outcome.findings;
}

describe('chunk-schema check', () => {
  it.each([
    ['tool-calls-null', '/choices/0/delta/tool_calls: must be array'],
    ['role-empty', '/choices/0/delta/role: must be equal to one of the allowed values'],
    ['finish-reason-key-missing', "/choices/0: must have required property 'finish_reason'"],
    ['tool-delta-without-index', "/choices/0/delta/tool_calls/0: must have required property 'index'"],
  ])('fails %s with the ajv path and message', (name, problem) => {
    const found = findings(name);
    expect(found.length).toBeGreaterThan(0);
    expect(found[0]?.message).toContain(problem);
    expect(found[0]?.evidence?.[0]).toMatch(/^data: \{/);
    expect(found[0]?.relaxed).toBeUndefined();
  });

  it('validates error frames as ErrorResponse and relaxes one that still has a message', () => {
    expect(chunkSchema.run(fixtureRun('error-frame-integer-code'), ctx)).toEqual({
      applies: true,
      findings: [
        {
          message: expect.stringContaining('/error/code: must be string,null'),
          event: 3,
          lines: [5],
          evidence: [expect.stringContaining('"code":500')],
          exchange: 'stream',
          relaxed: 'loose-error-object',
        },
      ],
    });
  });

  it('fails an error frame without a message, without relaxation', () => {
    const body = 'data: {"error":{"code":"boom"}}\n\n';
    const outcome = chunkSchema.run(runFromRecordings('fault', 'fault', [{ body }]), ctx);
    expect(outcome.applies && outcome.findings.map((f) => f.relaxed)).toEqual([undefined]);
  });

  it('fails JSON that is neither chunk nor error', () => {
    const body = 'data: {"hello":1}\n\ndata: [DONE]\n\n';
    const outcome = chunkSchema.run(runFromRecordings('odd', 'success', [{ body }]), ctx);
    expect(outcome.applies && outcome.findings.map((f) => located(f))).toEqual([
      expect.stringContaining('not a ChatCompletionChunk'),
    ]);
  });
});
