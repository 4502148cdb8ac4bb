import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runConformance } from '../../../src/harness';
import {
  type Matrix,
  matrixExitCode,
  mergeReports,
  renderMatrix,
  runMatrix,
} from '../../../src/harness/matrix';
import { type RunningServer, startServer } from '../../../src/start';
import { ensureBuiltCli, runCli } from '../../helpers/builtCli';
import { changeIdOn, type RewritingProxy, startRewritingProxy } from '../helpers/rewritingProxy';

/** Scenarios kept small so the two-target run stays quick: a stream and a JSON response. */
const ONLY = ['basic-stream', 'non-stream'];

let reference: RunningServer;
let broken: RewritingProxy;
let dir: string;

beforeAll(async () => {
  reference = await startServer({ port: 0 });
  // The broken server: the reference with a new id after the first chunk of every stream, and no role.
  const changeId = changeIdOn(() => true);
  broken = await startRewritingProxy(reference.url, (block, i, s) =>
    changeId(block.replace(/"role":"assistant",?/, ''), i, s),
  );
  dir = mkdtempSync(join(tmpdir(), 'matrix-'));
  ensureBuiltCli();
}, 120_000);
afterAll(async () => {
  await broken.close();
  await reference.close();
  rmSync(dir, { recursive: true, force: true });
});

const targets = () => [
  { name: 'correct', options: { baseUrl: `${reference.url}/v1`, only: ONLY, realClients: false } },
  { name: 'broken', options: { baseUrl: broken.baseUrl, only: ONLY, realClients: false } },
];

function strip(m: Matrix): Matrix {
  return { ...m, generatedAt: 'x' };
}

describe('matrix of a correct and a broken server', () => {
  let matrix: Matrix;
  beforeAll(async () => {
    matrix = await runMatrix(
      targets().map((t) => ({ name: t.name, prepare: async () => ({ options: t.options }) })),
      { concurrency: 2 },
    );
  }, 60_000);

  it('gives each cell the worst verdict over its scenarios, with counts', () => {
    const [correct, bad] = matrix.targets;
    expect(correct?.cells['stable-id']).toMatchObject({ verdict: 'pass', counts: { pass: 1, fail: 0 } });
    expect(bad?.cells['stable-id']).toMatchObject({ verdict: 'fail', counts: { fail: 1 } });
    expect(bad?.cells['role-first']?.verdict).toBe('warn');
    expect(bad?.cells['json-response']?.verdict).toBe('pass');
    expect(bad?.cells['stable-id']?.findings[0]).toMatchObject({
      scenario: 'basic-stream',
      exchange: 'stream',
      event: 2,
    });
    expect(correct?.streams.success).toBe(1);
    expect(matrixExitCode(matrix)).toBe(1);
  });

  it('shows the same cells in every format', () => {
    const md = renderMatrix(matrix, 'markdown');
    expect(md).toMatch(/\| `stable-id` \| must \| ✅ pass 1 \| ❌ fail 1\/1 \|/);
    expect(md).toMatch(/\| `role-first` \| should \| ✅ pass 1 \| ⚠️ warn 1\/1 \|/);
    expect(md).toContain('- **broken** · `stable-id` (fail): basic-stream:');

    const html = renderMatrix(matrix, 'html');
    expect(html).toMatch(
      /<td class="fail"><details><summary>❌ fail 1\/1<\/summary><ul><li><b>fail<\/b> basic-stream \/ stream \/ event 2:/,
    );
    expect(html).not.toMatch(/<script/);

    const junit = renderMatrix(matrix, 'junit');
    expect(junit).toContain('<testsuite name="correct" tests=');
    expect(junit).toMatch(/<testsuite name="broken" tests="\d+" failures="1"/);
    expect(junit).toMatch(/name="stable-id" time="0">\n\s+<failure message="fail: basic-stream:/);

    const json = JSON.parse(renderMatrix(matrix, 'json'));
    expect(json.matrixVersion).toBe(1);
    expect(json.targets.map((t: { name: string }) => t.name)).toEqual(['correct', 'broken']);
    expect(json.targets[1].cells['stable-id'].verdict).toBe('fail');
  });

  it('equals the merge of two single-target reports', async () => {
    const reports = [];
    for (const t of targets()) reports.push({ name: t.name, report: await runConformance(t.options) });
    expect(strip(mergeReports(reports))).toEqual(strip(matrix));
  }, 60_000);

  it('makes a target that does not answer its own row', async () => {
    const m = await runMatrix([
      { name: 'gone', prepare: async () => ({ options: { baseUrl: 'http://127.0.0.1:9/v1', only: ONLY } }) },
      targets().map((t) => ({ name: t.name, prepare: async () => ({ options: t.options }) }))[0]!,
    ]);
    expect(m.targets[0]?.error?.code).toBe('target-unreachable');
    expect(m.targets[1]?.cells['stable-id']?.verdict).toBe('pass');
  });
});

describe('the parameter column group', () => {
  it('shows what each target did with each probed parameter, in every format', async () => {
    const probed = await runConformance({
      baseUrl: `${reference.url}/v1`,
      only: ['basic-stream'],
      realClients: false,
      probes: true,
    });
    expect(probed.probes?.find((p) => p.parameter === 'max_tokens')?.verdict).toBe('honoured');
    // The same report as a server that ignores max_tokens would give it.
    const ignoring = {
      ...probed,
      probes: probed.probes!.map((p) =>
        p.parameter === 'max_tokens' ? { ...p, verdict: 'ignored' as const } : p,
      ),
    };
    const matrix = mergeReports([
      { name: 'reference', report: probed },
      { name: 'ignores-max-tokens', report: ignoring },
    ]);
    expect(matrix.targets.map((t) => t.probes?.max_tokens)).toEqual(['honoured', 'ignored']);
    expect(renderMatrix(matrix, 'markdown')).toMatch(/\| `max_tokens` \| honoured \| ignored \|/);
    expect(renderMatrix(matrix, 'html')).toMatch(
      /<code>max_tokens<\/code><\/th><td>honoured<\/td><td>ignored<\/td>/,
    );
    expect(JSON.parse(renderMatrix(matrix, 'json')).targets[1].probes.max_tokens).toBe('ignored');
  }, 60_000);
});

describe('chat-contract matrix and report --merge', () => {
  it('runs a targets file, exits 1 on the broken target, and merges reports to the same matrix', async () => {
    const file = join(dir, 'targets.yaml');
    writeFileSync(
      file,
      [
        'targets:',
        `  - { name: correct, baseUrl: "${reference.url}/v1", only: [${ONLY.join(', ')}] }`,
        `  - { name: broken, baseUrl: "${broken.baseUrl}", only: [${ONLY.join(', ')}] }`,
      ].join('\n'),
    );
    const run = await runCli(['matrix', file, '--report', 'json', '--concurrency', '2']);
    expect(run.code).toBe(1);
    const fromMatrix = JSON.parse(run.stdout) as Matrix;
    expect(fromMatrix.targets[1]?.cells['stable-id']?.verdict).toBe('fail');

    const a = join(dir, 'correct.json');
    const b = join(dir, 'broken.json');
    const checks = await Promise.all([
      runCli([
        'check',
        '--base-url',
        `${reference.url}/v1`,
        '--only',
        ONLY.join(','),
        '--report',
        'json',
        '--out',
        a,
      ]),
      runCli([
        'check',
        '--base-url',
        broken.baseUrl,
        '--only',
        ONLY.join(','),
        '--report',
        'json',
        '--out',
        b,
      ]),
    ]);
    expect(checks.map((c) => c.code)).toEqual([0, 1]);
    const merged = await runCli(['report', '--merge', a, b, '--format', 'json']);
    expect(merged.code).toBe(1);
    expect(strip(JSON.parse(merged.stdout))).toEqual(strip(fromMatrix));
  }, 90_000);

  it('starts the builtin server, also as a proxy in front of a fake upstream, and stops them', async () => {
    const file = join(dir, 'builtin.yaml');
    writeFileSync(
      file,
      [
        'targets:',
        '  - { name: reference, builtin: true, only: [basic-stream, fault-mid-stream] }',
        '  - { name: proxy, builtin: true, faults: upstream, only: [basic-stream, fault-mid-stream] }',
      ].join('\n'),
    );
    const run = await runCli(['matrix', file, '--report', 'json']);
    const m = JSON.parse(run.stdout) as Matrix;
    expect(m.targets.map((t) => [t.name, t.error, t.cells['stable-id']?.verdict])).toEqual([
      ['reference', undefined, 'pass'],
      ['proxy', undefined, 'pass'],
    ]);
    expect(m.targets[1]?.cells['failure-no-success-terminator']?.verdict).toBe('pass');
    expect(run.code).toBe(0);
  }, 60_000);

  it.each([
    ['a bad base URL', 'targets: [{name: a, baseUrl: "localhost:8080"}]', 'targets[0].baseUrl'],
    ['an unknown faults mode', 'targets: [{name: a, builtin: true, faults: often}]', 'targets[0].faults'],
    [
      'an unset key variable',
      'targets: [{name: a, builtin: true, apiKeyEnv: CC_TEST_UNSET_KEY}]',
      'targets[0].apiKeyEnv',
    ],
  ])('exits 2 naming the field for %s', async (_name, text, field) => {
    const file = join(dir, `bad-${field.replace(/\W/g, '')}.yaml`);
    writeFileSync(file, text);
    const run = await runCli(['matrix', file]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`${field}:`);
    expect(run.stdout).toBe('');
  });
});
