import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { STREAM_CHECKS } from '../../../src/harness/registry';
import type { ScenarioRun } from '../../../src/harness/types';
import { fixtureRun, fixtureText, GOOD_FIXTURES } from './stream-fixtures';

const ctx = { profile: 'strict' as const };

/** The ids of the stream checks that report at least one finding on a run. */
function failing(run: ScenarioRun): string[] {
  return STREAM_CHECKS.filter((check) => {
    const outcome = check.run(run, ctx);
    return outcome.applies && outcome.findings.length > 0;
  }).map((check) => check.id);
}

/** Defect fixture → the checks it must fail. More than one id only where the rules overlap by design. */
const DEFECTS: Array<[string, string[]]> = [
  ['wrong-content-type', ['sse-content-type']],
  ['error-line', ['sse-framing']],
  ['done-without-blank-line', ['done-terminator']],
  ['invalid-json-data', ['chunk-json']],
  ['tool-calls-null', ['chunk-schema']],
  // An empty role breaks the schema's enum, the role rule and the delta types alike.
  ['role-empty', ['chunk-schema', 'delta-types', 'role-first']],
  ['finish-reason-key-missing', ['chunk-schema']],
  ['error-frame-integer-code', ['chunk-schema']],
  ['id-changes', ['stable-id']],
  ['id-empty', ['stable-id']],
  ['id-without-prefix', ['id-prefix']],
  ['created-changes', ['stable-created']],
  ['model-changes', ['stable-model']],
  ['role-missing', ['role-first']],
  ['role-repeated', ['role-first']],
  ['finish-twice', ['finish-once']],
  ['content-after-finish', ['finish-once']],
  ['no-finish', ['finish-once']],
  ['finish-with-content', ['finish-delta-empty']],
  ['done-missing', ['done-terminator']],
  ['done-twice', ['done-terminator']],
  ['done-lowercase', ['done-terminator']],
  ['done-trailing-space', ['done-terminator']],
  ['finish-after-done', ['done-terminator']],
  ['usage-chunk-missing', ['usage-chunk']],
  ['usage-before-finish', ['usage-chunk']],
  ['empty-choices-unasked', ['usage-chunk']],
  ['usage-on-non-final-chunk', ['usage-chunk']],
  // A missing index is both a schema violation and a tool-call rule violation.
  ['tool-delta-without-index', ['chunk-schema', 'tool-call-deltas']],
  ['tool-first-fragment-without-id', ['tool-call-deltas']],
  // Finishing tool calls with "stop" breaks both the tool-call rule and the finish-reason rule.
  ['tool-finish-stop', ['finish-reason-valid', 'tool-call-deltas']],
  // A finish announcing a call that never streamed (a proxy that dropped the call's deltas).
  ['tool-finish-without-calls', ['finish-reason-valid']],
  ['function-call-finish-without-call', ['finish-reason-valid']],
  // Both tool-call rules judge the joined arguments.
  ['tool-arguments-not-json', ['tool-call-deltas', 'tool-args-json']],
  ['choice-index-1-missing', ['choice-indexes']],
  ['choice-index-2-extra', ['choice-indexes']],
  // A reason outside the enum is a schema violation too.
  ['finish-reason-abort', ['chunk-schema', 'finish-reason-valid']],
  ['finish-stop-at-token-cap', ['finish-reason-valid']],
  ['delta-tool-fragment-blank-id', ['delta-types']],
  // A keep-alive sent as data is also a payload that is not JSON.
  ['keepalive-empty-data', ['sse-keepalive', 'chunk-json']],
  ['keepalive-data-comment', ['sse-keepalive', 'chunk-json']],
  ['keepalive-id-only-block', ['sse-keepalive']],
  // An object is not the schema's string, and leaves the call without JSON text.
  ['tool-args-object', ['chunk-schema', 'tool-call-deltas', 'tool-args-json']],
  ['tool-args-snapshots', ['tool-call-deltas', 'tool-args-json']],
  // Two calls on one index: renamed for the delta rule, one value too many, not distinct.
  ['tool-calls-same-index', ['tool-call-deltas', 'tool-args-json', 'tool-calls-distinct']],
  ['tool-calls-interleaved', ['tool-calls-distinct']],
  ['reasoning-think-tags', ['reasoning-field']],
  ['service-tier-on-demand', ['service-tier-valid']],
];

describe('stream checks in isolation', () => {
  it.each(GOOD_FIXTURES)('pass every check on the correct baseline %s', (name) => {
    expect(failing(fixtureRun(name))).toEqual([]);
  });

  it.each(DEFECTS)('%s fails exactly %j', (name, want) => {
    expect(failing(fixtureRun(name))).toEqual(want);
  });

  // The harness stopped reading (max-events, abort, timeout): how the stream ends is unknown.
  it.each([
    ['done-missing', 'max-events'],
    ['no-finish', 'aborted'],
    ['usage-chunk-missing', 'timeout'],
    ['choice-index-1-missing', 'max-events'],
  ] as const)('do not blame %s on the target when reading ended by %s', (name, end) => {
    const cut = fixtureRun(name, { body: fixtureText(name).replace(/data: \[DONE\]\n\n$/, ''), end });
    expect(failing(cut)).toEqual([]);
  });

  it('still blame a stream that ended with a network error', () => {
    expect(
      failing(
        fixtureRun('no-finish', { body: fixtureText('good-basic').split('\n\n')[0]!, end: 'network-error' }),
      ),
    ).toEqual(['sse-framing', 'finish-once', 'done-terminator']);
  });

  it('cover every fixture in the folder', () => {
    const files = readdirSync(join(__dirname, '../../fixtures/streams'))
      .filter((f) => f.endsWith('.sse'))
      .map((f) => f.replace(/\.sse$/, ''))
      .sort();
    expect(files).toEqual([...GOOD_FIXTURES, ...DEFECTS.map(([name]) => name)].sort());
  });

  it('each check fails at least one defect fixture', () => {
    const covered = new Set(DEFECTS.flatMap(([, ids]) => ids));
    expect(STREAM_CHECKS.map((c) => c.id).filter((id) => !covered.has(id))).toEqual([]);
  });
});
