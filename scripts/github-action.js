#!/usr/bin/env node

/**
 * The GitHub Action's logic (action.yml runs it), testable anywhere: runs `chat-contract check`
 * once with `--report json`, then renders that report as Markdown into $GITHUB_STEP_SUMMARY and
 * as JUnit XML and HTML next to the JSON, and writes their paths to $GITHUB_OUTPUT.
 *
 * Inputs come as environment variables, as GitHub passes them:
 *   INPUT_BASE_URL    the target, e.g. https://gw.example/v1 (empty: the built-in server)
 *   INPUT_API_KEY     optional key (--api-key)
 *   INPUT_PROFILE     strict | compatible (default strict)
 *   INPUT_ARGS        extra `check` arguments, split on spaces; '…' and "…" group words
 *   INPUT_OUTPUT_DIR  where the reports go (default $RUNNER_TEMP/chat-contract, else ./chat-contract-report)
 * Outputs: exit-code, outcome (passed | failed | error), json, junit, html (paths).
 * Exits with the check's code: 0 no `must` failure, 1 at least one, 2 the run failed.
 */
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');
const cli = path.join(root, 'dist', 'cli', 'index.js');

/** Splits an argument string on whitespace; single or double quotes keep spaces in one argument. */
function splitArgs(text) {
  const args = [];
  const re = /"([^"]*)"|'([^']*)'|(\S+)/g;
  for (let m = re.exec(text); m; m = re.exec(text)) args.push(m[1] ?? m[2] ?? m[3]);
  return args;
}

/** Appends `name=value` lines to $GITHUB_OUTPUT (or prints them when it is not set). */
function setOutputs(outputs) {
  const lines = Object.entries(outputs).map(([name, value]) => {
    if (/[\r\n]/.test(value)) throw new Error(`output ${name} holds a line break`);
    return `${name}=${value}\n`;
  });
  if (process.env.GITHUB_OUTPUT) fs.appendFileSync(process.env.GITHUB_OUTPUT, lines.join(''));
  else process.stdout.write(lines.join(''));
}

/** Appends Markdown to $GITHUB_STEP_SUMMARY (or prints it when it is not set). */
function summarize(markdown) {
  if (process.env.GITHUB_STEP_SUMMARY) fs.appendFileSync(process.env.GITHUB_STEP_SUMMARY, markdown);
  else process.stdout.write(markdown);
}

/** A fenced block whose fence is longer than any backtick run in the text. */
function fence(text) {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const ticks = '`'.repeat(Math.max(3, longest + 1));
  return `${ticks}\n${text}\n${ticks}`;
}

function main() {
  const env = process.env;
  const outDir = path.resolve(
    env.INPUT_OUTPUT_DIR ||
      (env.RUNNER_TEMP ? path.join(env.RUNNER_TEMP, 'chat-contract') : 'chat-contract-report'),
  );
  fs.mkdirSync(outDir, { recursive: true });
  const files = {
    json: path.join(outDir, 'report.json'),
    junit: path.join(outDir, 'junit.xml'),
    html: path.join(outDir, 'report.html'),
  };
  fs.rmSync(files.json, { force: true });

  const args = ['check', '--profile', env.INPUT_PROFILE || 'strict', '--report', 'json', '--out', files.json];
  if (env.INPUT_BASE_URL) args.push('--base-url', env.INPUT_BASE_URL);
  if (env.INPUT_API_KEY) args.push('--api-key', env.INPUT_API_KEY);
  args.push(...splitArgs(env.INPUT_ARGS || ''));

  const run = spawnSync(process.execPath, [cli, ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'inherit', 'pipe'],
  });
  process.stderr.write(run.stderr ?? '');
  const code = run.status ?? 2;

  if (code > 1 || !fs.existsSync(files.json)) {
    const why = (run.stderr || run.error?.message || `exited with ${code}`).trim();
    summarize(`## chat-contract check: ⚠️ the run itself failed (exit ${code})\n\n${fence(why)}\n`);
    setOutputs({ 'exit-code': String(code), outcome: 'error' });
    return code || 2;
  }

  const { renderHtml, renderJunit, renderMarkdown } = require(
    path.join(root, 'dist', 'harness', 'reporters'),
  );
  const report = JSON.parse(fs.readFileSync(files.json, 'utf8'));
  fs.writeFileSync(files.junit, renderJunit(report));
  fs.writeFileSync(files.html, renderHtml(report));
  summarize(renderMarkdown(report));
  setOutputs({ 'exit-code': String(code), outcome: code === 0 ? 'passed' : 'failed', ...files });
  return code;
}

process.exitCode = main();
