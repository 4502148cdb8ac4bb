/**
 * The parse floor for offline checking: reads a recorded stream as it streams in, splits it into
 * lines, JSON.parses every `data:` line but `[DONE]`, and keeps nothing. What any reader of an
 * event stream must do at the least; `check-transcript` is measured against it.
 *
 * Usage: node bench/parse-floor.js <file.sse>   (prints one JSON line: events, parsed, totalMs)
 */
const fs = require('node:fs');
const { performance } = require('node:perf_hooks');

async function main() {
  const file = process.argv[2];
  const started = performance.now();
  const decoder = new TextDecoder();
  let rest = '';
  let events = 0;
  let parsed = 0;
  const line = (text) => {
    if (!text.startsWith('data:')) return;
    events++;
    const data = text.charCodeAt(5) === 32 ? text.slice(6) : text.slice(5);
    if (data === '[DONE]') return;
    JSON.parse(data);
    parsed++;
  };
  for await (const chunk of fs.createReadStream(file, { highWaterMark: 256 * 1024 })) {
    const text = rest + decoder.decode(chunk, { stream: true });
    let from = 0;
    for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', from)) {
      const end = nl > from && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
      line(text.slice(from, end));
      from = nl + 1;
    }
    rest = text.slice(from);
  }
  line(rest + decoder.decode());
  const totalMs = performance.now() - started;
  process.stdout.write(`${JSON.stringify({ events, parsed, totalMs })}\n`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
