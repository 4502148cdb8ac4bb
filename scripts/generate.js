#!/usr/bin/env node

/**
 * Regenerates what is derived from the contract (wire types, contract JSON, chat body validator):
 * node scripts/generate.js [--spec F] [--out F] (the other files go next to --out).
 */
const fs = require('node:fs');
const path = require('node:path');
const { args, outputs } = require('./generate-lib.js');

const opts = args(process.argv.slice(2));
fs.mkdirSync(path.dirname(opts.out), { recursive: true });
for (const { file, render } of outputs(opts)) {
  fs.writeFileSync(file, render());
  console.log(`wrote ${path.relative(process.cwd(), file)}`);
}
