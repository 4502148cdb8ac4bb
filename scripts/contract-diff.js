#!/usr/bin/env node

/**
 * Compares openapi.yaml with the copy of OpenAI's spec, per schema, and fails on a difference the
 * allow-list does not give a reason for: node scripts/contract-diff.js [--ours F] [--openai F]
 * [--allow F]. Exit 0 when every difference is listed, 1 otherwise, 2 on a bad argument.
 */
const fs = require('node:fs');
const path = require('node:path');
const { parse } = require('yaml');
const { diffContracts, judgeDifferences, renderReport } = require('./contract-diff-lib.js');

const root = path.resolve(__dirname, '..');
const opts = {
  ours: path.join(root, 'openapi.yaml'),
  openai: path.join(root, 'contract', 'openai', 'chat-completions.openapi.yaml'),
  allow: path.join(root, 'contract', 'openai', 'allowed-differences.yaml'),
};
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i += 2) {
  const name = argv[i]?.replace(/^--/, '');
  if (!(name in opts) || argv[i + 1] === undefined) {
    console.error(
      `contract-diff: unknown or incomplete argument ${argv[i]} (use --ours, --openai, --allow FILE)`,
    );
    process.exit(2);
  }
  opts[name] = path.resolve(argv[i + 1]);
}

const read = (file) => parse(fs.readFileSync(file, 'utf8'));
const verdict = judgeDifferences(diffContracts(read(opts.ours), read(opts.openai)), read(opts.allow) ?? []);
console.log(renderReport(verdict));
process.exit(verdict.ok ? 0 : 1);
