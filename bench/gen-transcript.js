/**
 * Writes a recorded stream of N content chunks in the reference server's shape (role chunk,
 * N content chunks, finish chunk, `data: [DONE]`) and its FILE.json sidecar, for timing offline checking.
 *
 * Usage: node bench/gen-transcript.js <chunks> [file]   (default file: <tmpdir>/chat-contract-<N>.sse)
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const MODEL = 'chat-contract-scripted';
const WORDS = ['The', ' quick', ' brown', ' fox', ' jumps', ' over', ' the', ' lazy', ' dog', '.'];

/** Writes the transcript and resolves with { file, chunks, bytes }. */
async function generateTranscript(chunks, file = path.join(os.tmpdir(), `chat-contract-${chunks}.sse`)) {
  const id = 'chatcmpl-bench0000000000000000000000';
  const created = 1767225600;
  const head = `data: {"id":"${id}","object":"chat.completion.chunk","created":${created},"model":"${MODEL}","choices":[{"index":0,"delta":`;
  const frame = (delta, finish) => `${head}${JSON.stringify(delta)},"finish_reason":${finish}}]}\n\n`;
  const out = fs.createWriteStream(file);
  let bytes = 0;
  const write = async (text) => {
    bytes += Buffer.byteLength(text);
    if (!out.write(text)) await new Promise((r) => out.once('drain', r));
  };
  await write(frame({ role: 'assistant', content: '' }, 'null'));
  const batch = [];
  for (let i = 0; i < chunks; i++) {
    batch.push(frame({ content: WORDS[i % WORDS.length] }, 'null'));
    if (batch.length === 1000 || i === chunks - 1) {
      await write(batch.join(''));
      batch.length = 0;
    }
  }
  await write(frame({}, '"stop"'));
  await write('data: [DONE]\n\n');
  await new Promise((resolve, reject) => out.end((err) => (err ? reject(err) : resolve())));
  // The sidecar says what was asked, so checks that compare request and response judge it.
  const request = { model: MODEL, messages: [{ role: 'user', content: 'Tell me a story.' }], stream: true };
  fs.writeFileSync(`${file}.json`, `${JSON.stringify({ request, status: 200 })}\n`);
  return { file, sidecar: `${file}.json`, chunks, bytes };
}

module.exports = { generateTranscript };

if (require.main === module) {
  const chunks = Number(process.argv[2] ?? 1000000);
  generateTranscript(chunks, process.argv[3]).then(
    (r) => process.stdout.write(`${JSON.stringify(r)}\n`),
    (err) => {
      console.error(err);
      process.exit(1);
    },
  );
}
