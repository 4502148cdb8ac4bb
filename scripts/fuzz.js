#!/usr/bin/env node

/**
 * Negative fuzzing from the contract: `npm run fuzz -- --cases 10000 --seed 7 [--base-url URL]`.
 * Without --base-url it starts the reference server on a free loopback port. Prints the answers
 * per status and every violation; exits 1 on any violation.
 */
const { parseArgs } = require('node:util');
const { fuzzServer } = require('../dist/harness/fuzz');
const { startServer } = require('../dist/start');

const { values } = parseArgs({
  options: {
    cases: { type: 'string', default: '1000' },
    seed: { type: 'string', default: String(Date.now() % 1e9) },
    'base-url': { type: 'string' },
    concurrency: { type: 'string', default: '16' },
    'timeout-ms': { type: 'string', default: '10000' },
  },
});

function positive(name, text, max) {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0 || n > max) {
    console.error(`fuzz: --${name} must be an integer 0..${max}`);
    process.exit(2);
  }
  return n;
}

async function main() {
  const count = positive('cases', values.cases, 1_000_000);
  const seed = positive('seed', values.seed, 2 ** 32 - 1);
  const concurrency = Math.max(1, positive('concurrency', values.concurrency, 1000));
  const timeoutMs = positive('timeout-ms', values['timeout-ms'], 600_000);
  const server = values['base-url'] ? undefined : await startServer({ port: 0 });
  const baseUrl = values['base-url'] ?? `${server.url}/v1`;
  console.log(`fuzz: ${count} invalid requests, seed ${seed}, against ${baseUrl}`);
  const started = Date.now();
  let done = 0;
  const report = await fuzzServer({
    baseUrl,
    seed,
    count,
    concurrency,
    timeoutMs,
    exactStatus: !values['base-url'],
    onResult: () => {
      done++;
      if (done % 1000 === 0) console.log(`  ${done}/${count}`);
    },
  });
  await server?.close();
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(`\ncases ${report.cases} in ${seconds} s; health after: ${report.healthy ? 'ok' : 'FAILED'}`);
  console.log('status  count');
  for (const [status, n] of Object.entries(report.byStatus).sort()) console.log(`${status.padEnd(7)} ${n}`);
  console.log(`violations ${report.violations.length}`);
  for (const v of report.violations.slice(0, 50)) {
    const where = v.caseIndex === undefined ? '' : `#${v.caseIndex} ${v.caseName}: `;
    console.log(`  ${v.kind}: ${where}${v.detail}${v.body ? `\n    body: ${v.body.slice(0, 200)}` : ''}`);
  }
  if (report.violations.length > 50) console.log(`  … ${report.violations.length - 50} more`);
  if (report.violations.length) console.log(`replay: npm run fuzz -- --cases ${count} --seed ${seed}`);
  process.exit(report.violations.length ? 1 : 0);
}

main().catch((err) => {
  console.error(`fuzz: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(2);
});
