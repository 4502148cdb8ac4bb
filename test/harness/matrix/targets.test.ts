import { parseTargets } from '../../../src/harness/matrix/targets';

describe('targets file', () => {
  it('reads YAML and JSON alike', () => {
    const yaml = parseTargets('targets:\n  - name: ref\n    builtin: true\n');
    const json = parseTargets('{"targets": [{"name": "ref", "builtin": true}]}');
    expect(yaml).toEqual({ ok: true, targets: [{ name: 'ref', builtin: true }] });
    expect(json).toEqual(yaml);
  });

  it.each([
    ['a base URL that is not http', 'targets: [{name: a, baseUrl: "ftp://x"}]', 'targets[0].baseUrl'],
    ['an unknown faults mode', 'targets: [{name: a, builtin: true, faults: sometimes}]', 'targets[0].faults'],
    ['an unknown field', 'targets: [{name: a, builtin: true, colour: red}]', 'targets[0].colour'],
    [
      'a key where an env var name belongs',
      'targets: [{name: a, builtin: true, apiKeyEnv: "sk-1"}]',
      'targets[0].apiKeyEnv',
    ],
    ['a missing name', 'targets: [{builtin: true}]', 'targets[0].name'],
    ['no base URL and not builtin', 'targets: [{name: a}]', 'targets[0].baseUrl'],
    ['a duplicate name', 'targets: [{name: a, builtin: true}, {name: a, builtin: true}]', 'targets[1].name'],
    [
      'a port without upstream faults',
      'targets: [{name: a, builtin: true, upstreamPort: 9}]',
      'targets[0].upstreamPort',
    ],
    ['no targets', 'targets: []', 'targets'],
    ['not YAML', 'targets: [{name: a', '(file)'],
  ])('names the field for %s', (_name, text, field) => {
    const r = parseTargets(text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.some((e) => e.startsWith(`${field}:`))).toBe(true);
  });

  it('reports every bad field, not only the first', () => {
    const r = parseTargets('targets: [{name: a, baseUrl: "x", profile: lax}]');
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.errors.sort()).toEqual([
        'targets[0].baseUrl: must start with http:// or https://',
        'targets[0].profile: must be one of "strict", "compatible"',
      ]);
  });
});
