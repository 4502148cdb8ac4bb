import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { renderCheckTable, TABLE_END, TABLE_START } from '../../src/harness/checkTable';
import { CHECKS } from '../../src/harness/registry';

const root = path.resolve(__dirname, '..', '..');
const checkDir = path.join(root, 'src', 'harness', 'checks');

describe('check registry', () => {
  const files = readdirSync(checkDir)
    .map((f) => f.replace(/\.ts$/, ''))
    .sort();

  it('lists every file of checks/ exactly once, under the id that is its file name (the folder holds checks only)', () => {
    const ids = CHECKS.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(files);
  });

  it('gives every check a severity and a one-sentence rule', () => {
    for (const c of CHECKS) {
      expect(['must', 'should']).toContain(c.severity);
      expect(c.rule).toMatch(/^[A-Z`].*\.$/s);
      expect(c.rule.split(/\.\s+[A-Z]/).length).toBe(1);
    }
  });

  it('matches the table in README.md (regenerate with npm run docs:checks)', () => {
    const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
    const start = readme.indexOf(TABLE_START);
    const end = readme.indexOf(TABLE_END);
    expect(start).toBeGreaterThan(-1);
    expect(readme.slice(start + TABLE_START.length, end).trim()).toBe(renderCheckTable(CHECKS));
  });
});
