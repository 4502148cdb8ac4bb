#!/usr/bin/env node

/** Regenerates the wire types and the JSON copy from the contract: node scripts/generate.js [--spec F] [--out F] [--json F]. */
const fs = require('node:fs');
const path = require('node:path');
const { render, renderJson, args } = require('./generate-lib.js');

const opts = args(process.argv.slice(2));
fs.mkdirSync(path.dirname(opts.out), { recursive: true });
fs.writeFileSync(opts.out, render(opts.spec));
console.log(`wrote ${path.relative(process.cwd(), opts.out)}`);
fs.writeFileSync(opts.json, renderJson(opts.spec));
console.log(`wrote ${path.relative(process.cwd(), opts.json)}`);
