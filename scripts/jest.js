#!/usr/bin/env node

/** Runs jest; when JEST_JSON_OUT is set (CI), also writes jest's --json report there. */
const { spawnSync } = require('node:child_process');
const path = require('node:path');

const bin = path.join(path.dirname(require.resolve('jest/package.json')), 'bin', 'jest.js');
const args = process.argv.slice(2);
if (process.env.JEST_JSON_OUT) args.push('--json', `--outputFile=${process.env.JEST_JSON_OUT}`);
const r = spawnSync(process.execPath, [bin, ...args], { stdio: 'inherit' });
process.exit(r.status ?? 1);
