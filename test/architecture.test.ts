import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

const src = path.resolve(__dirname, '..', 'src');

/** Every .ts file under a folder, relative to src/. */
function files(dir: string): string[] {
  return readdirSync(path.join(src, dir)).flatMap((name) => {
    const rel = path.join(dir, name);
    if (statSync(path.join(src, rel)).isDirectory()) return files(rel);
    return name.endsWith('.ts') ? [rel] : [];
  });
}

/** What a file imports of ours, as paths relative to src/, resolved from its relative imports. */
function importedPaths(file: string): string[] {
  const text = readFileSync(path.join(src, file), 'utf8');
  const specs = [...text.matchAll(/(?:from|import\(?|require\()\s*'(\.{1,2}\/[^']+)'/g)].map(
    (m) => m[1] as string,
  );
  return specs.map((spec) => path.relative(src, path.resolve(path.dirname(path.join(src, file)), spec)));
}

/** The top-level folders (or files) of src/ that a file imports. */
function importedAreas(file: string): string[] {
  return importedPaths(file).map((target) => target.split(path.sep)[0] as string);
}

/** Which areas each area may import besides itself. */
const allowed: Record<string, string[]> = {
  // '..' is generated/, which only wire.ts may import (checked below).
  contract: ['..'],
  sse: [],
  server: ['contract', 'sse'],
  harness: ['contract', 'sse'],
  'fake-upstream': ['contract', 'sse'],
  client: ['contract', 'sse'],
};

describe('folder rules', () => {
  it.each(Object.entries(allowed))('%s imports only %j of ours', (area, may) => {
    const offending = files(area).flatMap((f) =>
      importedAreas(f)
        .filter((a) => a !== area && !may.includes(a))
        .map((a) => `${f} → ${a}`),
    );
    expect(offending).toEqual([]);
  });

  it.each([
    ['server/http', 'server/stream'],
    ['server/stream', 'server/http'],
  ])('keeps %s from importing %s (handlers/ joins the two)', (from, to) => {
    const offending = files(from).flatMap((f) =>
      importedPaths(f)
        .filter((target) => target === to || target.startsWith(`${to}${path.sep}`))
        .map((target) => `${f} → ${target}`),
    );
    expect(files(from).length).toBeGreaterThan(0);
    expect(offending).toEqual([]);
  });

  it('lets only src/contract/wire.ts import generated/', () => {
    const importers = files('.').filter((f) =>
      /from '[^']*generated\//.test(readFileSync(path.join(src, f), 'utf8')),
    );
    expect(importers).toEqual(['contract/wire.ts']);
  });

  /** A file's code without its comment lines. */
  const code = (f: string) =>
    readFileSync(path.join(src, f), 'utf8')
      .split('\n')
      .filter((line) => !/^\s*(\*|\/\/)/.test(line))
      .join('\n');

  it('lets only cli/ read the process or exit', () => {
    const offending = files('.').filter(
      (f) => !f.startsWith(`cli${path.sep}`) && /process\.(env|argv|exit)/.test(code(f)),
    );
    expect(offending).toEqual([]);
  });

  it('lets checks import only the toolkit, the decode layer, the harness types, the contract and sse', () => {
    const may = /^\.\.\/(judge|decode\/[\w]+|types)$|^\.\.\/\.\.\/(contract|sse)$/;
    const offending = files('harness/checks').flatMap((f) => {
      const text = readFileSync(path.join(src, f), 'utf8');
      return [...text.matchAll(/from\s*'([^']+)'/g)]
        .map((m) => m[1] as string)
        .filter((spec) => spec.startsWith('.') && !may.test(spec))
        .map((spec) => `${f} → ${spec}`);
    });
    expect(offending).toEqual([]);
  });

  it('lets only start.ts listen', () => {
    const offending = files('.').filter((f) => f !== 'start.ts' && /\.listen\(/.test(code(f)));
    expect(offending).toEqual([]);
  });
});
