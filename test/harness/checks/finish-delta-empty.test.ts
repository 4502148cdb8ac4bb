import { finishDeltaEmpty } from '../../../src/harness/checks/finish-delta-empty';
import { runFromRecordings } from '../../../src/harness/record/recorded';
import { fixtureRun, located } from './stream-fixtures';

const ctx = { profile: 'strict' as const };

function finishWith(delta: string) {
  const chunk = `{"id":"chatcmpl-1","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":${delta},"finish_reason":"stop"}]}`;
  const outcome = finishDeltaEmpty.run(
    runFromRecordings('finish', 'success', [{ body: `data: ${chunk}\n\ndata: [DONE]\n\n` }]),
    ctx,
  );
  if (!outcome.applies) throw new Error('expected the check to apply');
  return outcome.findings.map((f) => ({ message: located(f), relaxed: f.relaxed }));
}

describe('finish-delta-empty check', () => {
  it('fails a finish chunk whose delta carries content', () => {
    const outcome = finishDeltaEmpty.run(fixtureRun('finish-with-content'), ctx);
    expect(outcome.applies && outcome.findings.map((f) => located(f))).toEqual([
      'event 3: choice 0: the finish delta carries content=" world"',
    ]);
  });

  it.each([['{}'], ['{"content":null,"refusal":null}']])('accepts the delta %s', (delta) => {
    expect(finishWith(delta)).toEqual([]);
  });

  it('relaxes a finish delta holding only an empty string', () => {
    expect(finishWith('{"content":""}')).toEqual([
      { message: 'event 1: choice 0: the finish delta carries content=""', relaxed: 'blank-finish-delta' },
    ]);
  });
});
