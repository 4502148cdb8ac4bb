import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const root = path.resolve(__dirname, '..', '..');
const script = (name: string) => path.join(root, 'scripts', name);

function run(name: string, args: string[]) {
  return spawnSync(process.execPath, [script(name), ...args], { encoding: 'utf8', timeout: 60_000 });
}

describe('generated types drift check', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'chat-contract-drift-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('passes when the committed file matches the contract', () => {
    const r = run('check-generated.js', []);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it('fails when the contract changed but the types were not regenerated', () => {
    const spec = path.join(dir, 'openapi.yaml');
    const out = path.join(dir, 'openapi.d.ts');
    copyFileSync(path.join(root, 'openapi.yaml'), spec);
    expect(run('generate.js', ['--spec', spec, '--out', out]).status).toBe(0);
    expect(run('check-generated.js', ['--spec', spec, '--out', out]).status).toBe(0);

    const edited = readFileSync(spec, 'utf8').replace(
      '        session_id:\n',
      '        drift_probe:\n          type: string\n        session_id:\n',
    );
    expect(edited).toContain('drift_probe');
    writeFileSync(spec, edited);
    const stale = run('check-generated.js', ['--spec', spec, '--out', out]);
    expect(stale.status).toBe(1);
    expect(stale.stderr).toMatch(/is stale/);
  });

  it('fails when the JSON copy the runtime loads differs from the contract', () => {
    const spec = path.join(dir, 'json', 'openapi.yaml');
    const out = path.join(dir, 'json', 'openapi.d.ts');
    const json = path.join(dir, 'json', 'openapi.json');
    mkdirSync(path.dirname(spec), { recursive: true });
    copyFileSync(path.join(root, 'openapi.yaml'), spec);
    expect(run('generate.js', ['--spec', spec, '--out', out]).status).toBe(0);
    expect(JSON.parse(readFileSync(json, 'utf8'))).toEqual(
      JSON.parse(readFileSync(path.join(root, 'generated', 'openapi.json'), 'utf8')),
    );
    writeFileSync(json, readFileSync(json, 'utf8').replace('"session_id"', '"session_key"'));
    const stale = run('check-generated.js', ['--spec', spec, '--out', out]);
    expect(stale.status).toBe(1);
    expect(stale.stderr).toMatch(/openapi\.json is stale/);
  });
});
