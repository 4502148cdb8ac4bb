#!/usr/bin/env node

/**
 * Fails when the committed types differ from what the contract generates now:
 * node scripts/check-generated.js [--spec F] [--out F]. Exit 1 on drift, 0 when fresh.
 */
const fs = require('node:fs');
const { render, args } = require('./generate-lib.js');

const opts = args(process.argv.slice(2));
const want = render(opts.spec);
const have = fs.existsSync(opts.out) ? fs.readFileSync(opts.out, 'utf8') : '';
if (want !== have) {
  const a = have.split('\n');
  const b = want.split('\n');
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  console.error(`${opts.out} is stale: it differs from ${opts.spec} at line ${i + 1}.`);
  console.error(`  committed: ${a[i] ?? '<end of file>'}`);
  console.error(`  generated: ${b[i] ?? '<end of file>'}`);
  console.error('Run `npm run generate` and commit the result.');
  process.exit(1);
}
console.log('generated types are fresh');
