#!/usr/bin/env node

/**
 * Fails when a committed generated file (types, contract JSON, chat body validator, component
 * schema validators) differs from what the contract generates now:
 * node scripts/check-generated.js [--spec F] [--out F]. Exit 1 on drift, 0 when fresh.
 */
const fs = require('node:fs');
const { args, outputs } = require('./generate-lib.js');

const opts = args(process.argv.slice(2));
for (const { file, render } of outputs(opts)) {
  const want = render();
  const have = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
  if (want === have) continue;
  const a = have.split('\n');
  const b = want.split('\n');
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  console.error(`${file} is stale: it differs from ${opts.spec} at line ${i + 1}.`);
  console.error(`  committed: ${(a[i] ?? '<end of file>').slice(0, 200)}`);
  console.error(`  generated: ${(b[i] ?? '<end of file>').slice(0, 200)}`);
  console.error('Run `npm run generate` and commit the result.');
  process.exit(1);
}
console.log('generated files are fresh');
