import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkTranscripts, type Sidecar } from '../../src/harness';
import { CHECKS } from '../../src/harness/registry';

const ROOT = join(__dirname, '../fixtures');

/** The offline checks that read events without a single-pass form: they make a recording be read whole. */
const WHOLE = CHECKS.filter((c) => c.offline && !c.pass && !c.eventFree).map((c) => c.id);

async function* pieces(bytes: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

const recordings = ['streams', 'service', 'transcripts'].flatMap((dir) =>
  readdirSync(join(ROOT, dir))
    .filter((f) => f.endsWith('.sse'))
    .map((f) => [dir, f] as const),
);

// With the checks that have no single-pass form left out, every other offline check runs in the pass.
describe('check-transcript in one pass, every check with a single-pass form selected', () => {
  it.each(recordings)(
    'gives %s/%s the report it gets when the recording is read whole',
    async (dir, name) => {
      const file = join(ROOT, dir, name);
      let sidecar: Sidecar | undefined;
      try {
        sidecar = JSON.parse(readFileSync(`${file}.json`, 'utf8')) as Sidecar;
      } catch {
        sidecar = undefined;
      }
      const body = readFileSync(file);
      const source = () => ({ name, body: pieces(body, 11), ...(sidecar ? { sidecar } : {}) });
      const onePass = await checkTranscripts([source()], { now: () => 0, skip: WHOLE });
      const whole = await checkTranscripts([source()], { now: () => 0, skip: WHOLE, onePass: false });
      expect(onePass).toEqual(whole);
      expect(onePass.results.length).toBeGreaterThan(0);
    },
  );
});

describe('the offline checks', () => {
  it('all have a single-pass form (or read no events), so check-transcript keeps constant memory with every check on', () => {
    expect(WHOLE).toEqual([]);
  });
});
