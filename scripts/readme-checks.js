#!/usr/bin/env node

/** Rewrites the check table in README.md from the registry (run after `npm run build`). */
const fs = require('node:fs');
const path = require('node:path');
const { CHECKS } = require('../dist/harness/registry.js');
const { renderCheckTable, replaceCheckTable } = require('../dist/harness/checkTable.js');

const file = path.join(__dirname, '..', 'README.md');
fs.writeFileSync(file, replaceCheckTable(fs.readFileSync(file, 'utf8'), renderCheckTable(CHECKS)));
console.log(`README.md: ${CHECKS.length} checks`);
