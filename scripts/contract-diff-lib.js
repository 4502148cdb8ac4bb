/**
 * Compares our contract with OpenAI's spec, schema by schema: fields, JSON types and enum values
 * that one side has and the other has not, and fields only we require. Bounds (minimum, maxLength
 * …) are not compared: our server's limits are deliberately tighter. Used by scripts/contract-diff.js; pure functions over
 * parsed OpenAPI documents so tests can feed edited copies.
 * @see ../contract/openai/README.md
 */

/**
 * The schemas compared: a label, our component name, OpenAI's component name. A schema nested in
 * another (usage in a chunk) is compared once, under its own label.
 */
const PAIRS = [
  ['request', 'CreateChatCompletionRequest', 'CreateChatCompletionRequest'],
  ['completion', 'ChatCompletion', 'CreateChatCompletionResponse'],
  ['chunk', 'ChatCompletionChunk', 'CreateChatCompletionStreamResponse'],
  ['usage', 'Usage', 'CompletionUsage'],
  ['moderation', 'ChatCompletionModeration', 'ChatCompletionModeration'],
  ['error', 'ErrorResponse', 'ErrorResponse'],
  ['model', 'Model', 'Model'],
  ['model-list', 'ModelList', 'ListModelsResponse'],
];

/** The kinds of difference, each with how it reads in the report. */
const KINDS = {
  'schema-missing': 'schema missing',
  'field-only-ours': 'field only in ours',
  'field-only-openai': "field only in OpenAI's",
  'enum-only-ours': 'value only in ours',
  'enum-only-openai': "value only in OpenAI's",
  'open-ours': "ours accepts any value, OpenAI's lists values",
  'open-openai': "OpenAI's accepts any value, ours lists values",
  type: 'JSON types differ',
  'required-only-ours': 'required only in ours',
};

const MAX_DEPTH = 16;

function refName(ref) {
  return String(ref).replace(/^#\/components\/schemas\//, '');
}

function typeOf(value) {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

/**
 * Flattens schema nodes into leaves: `$ref`s resolved (a paired schema stays a `→label` marker,
 * a recursive one a `↻name` marker) and allOf/anyOf/oneOf branches spread. `if`/`then` only
 * restrict, so they are not read.
 */
function flatten(side, nodes, stack, out = []) {
  for (const node of nodes) {
    if (!node || typeof node !== 'object') continue;
    const { $ref, allOf, anyOf, oneOf, if: cond, then: _then, else: _else, ...own } = node;
    if ($ref !== undefined) {
      const name = refName($ref);
      const label = side.pairOf.get(name);
      if (label !== undefined && name !== side.root) out.push({ marker: `→${label}` });
      else if (stack.includes(name)) out.push({ marker: `↻${name}` });
      else if (!side.schemas[name]) out.push({ marker: `missing ${name}` });
      else flatten(side, [side.schemas[name]], [...stack, name], out);
    }
    const branches = [...(allOf ?? []), ...(anyOf ?? []), ...(oneOf ?? [])];
    // A leaf that only holds an if/then rule adds no type of its own.
    const composite = $ref !== undefined || branches.length > 0 || cond !== undefined;
    out.push({ leaf: own, composite, stack });
    flatten(side, branches, stack, out);
  }
  return out;
}

/** What a set of leaves allows at one path: types, enum values, fields, items, map values. */
function summarize(leaves) {
  const types = new Set();
  const values = new Set();
  let open = false;
  let any = false;
  const props = new Map();
  const items = [];
  const extra = [];
  const objects = [];
  for (const entry of leaves) {
    if (entry.marker) {
      types.add(entry.marker);
      continue;
    }
    const s = entry.leaf;
    const listed = 'const' in s ? [s.const] : Array.isArray(s.enum) ? s.enum : undefined;
    const own = new Set();
    if (s.type !== undefined) for (const t of [s.type].flat()) own.add(t);
    if (s.nullable === true) own.add('null');
    if (listed) for (const v of listed) own.add(typeOf(v));
    if (own.size === 0 && s.properties) own.add('object');
    if (own.size === 0 && s.items) own.add('array');
    if (own.size === 0 && !entry.composite) any = true;
    for (const t of own) types.add(t);
    if (listed) {
      for (const v of listed) if (v !== null) values.add(String(v));
    } else if (own.has('string')) open = true;
    for (const [name, sub] of Object.entries(s.properties ?? {})) {
      if (!props.has(name)) props.set(name, []);
      props.get(name).push({ node: sub, stack: entry.stack });
    }
    if (s.items && typeof s.items === 'object') items.push({ node: s.items, stack: entry.stack });
    if (s.properties) objects.push(new Set(s.required ?? []));
    const add = s.additionalProperties;
    if (add && typeof add === 'object' && Object.keys(add).length > 0) {
      extra.push({ node: add, stack: entry.stack });
    }
  }
  // Required fields are comparable only where one object shape is described (no oneOf of shapes).
  const required = objects.length === 1 ? objects[0] : undefined;
  return { types: any ? null : types, values, open, props, items, extra, required };
}

function expand(side, refs) {
  const out = [];
  for (const { node, stack } of refs) flatten(side, [node], stack, out);
  return out;
}

function typeText(types) {
  return types === null ? 'any' : [...types].sort().join('|') || 'none';
}

/** Compares the schemas at one path and recurses into fields, items and map values. */
function compare(ours, theirs, ourRefs, theirRefs, path, emit, depth) {
  const a = summarize(expand(ours, ourRefs));
  const b = summarize(expand(theirs, theirRefs));
  const at = path || '(root)';
  if (typeText(a.types) !== typeText(b.types)) {
    emit({ kind: 'type', path: at, detail: `ours ${typeText(a.types)}, OpenAI's ${typeText(b.types)}` });
  }
  const aClosed = !a.open && a.values.size > 0;
  const bClosed = !b.open && b.values.size > 0;
  if (aClosed && bClosed) {
    for (const v of a.values) if (!b.values.has(v)) emit({ kind: 'enum-only-ours', path: at, value: v });
    for (const v of b.values) if (!a.values.has(v)) emit({ kind: 'enum-only-openai', path: at, value: v });
  } else if (a.open && bClosed) {
    emit({ kind: 'open-ours', path: at, detail: `OpenAI's lists ${[...b.values].join(', ')}` });
  } else if (aClosed && b.open) {
    emit({ kind: 'open-openai', path: at, detail: `ours lists ${[...a.values].join(', ')}` });
  }
  // Only the harmful direction: a field we require and OpenAI's does not makes the server reject
  // a request OpenAI takes, or the harness fail a response OpenAI could send. Fields OpenAI's
  // requires and ours does not are leniency, kept as it was.
  if (a.required && b.required) {
    for (const f of a.required) {
      if (!b.required.has(f)) emit({ kind: 'required-only-ours', path: path ? `${path}.${f}` : f });
    }
  }
  if (depth >= MAX_DEPTH) return;
  const join = (name) => (path ? `${path}.${name}` : name);
  for (const name of a.props.keys()) {
    if (!b.props.has(name)) emit({ kind: 'field-only-ours', path: join(name) });
  }
  for (const [name, refs] of b.props) {
    if (!a.props.has(name)) emit({ kind: 'field-only-openai', path: join(name) });
    else compare(ours, theirs, a.props.get(name), refs, join(name), emit, depth + 1);
  }
  if (a.items.length > 0 && b.items.length > 0) {
    compare(ours, theirs, a.items, b.items, `${path}[]`, emit, depth + 1);
  }
  if (a.extra.length > 0 && b.extra.length > 0) {
    compare(ours, theirs, a.extra, b.extra, join('*'), emit, depth + 1);
  }
}

function sideOf(doc, index, root) {
  const schemas = doc?.components?.schemas ?? {};
  const pairOf = new Map(PAIRS.map((p) => [p[index], p[0]]));
  return { schemas, pairOf, root };
}

/**
 * Every difference between our contract and OpenAI's spec, per compared schema.
 * @param {object} ours our parsed openapi.yaml
 * @param {object} openai OpenAI's parsed spec
 * @returns {Array<{schema: string, kind: string, path: string, value?: string, detail?: string}>}
 * @example diffContracts(parse(ourYaml), parse(theirYaml)).filter((d) => d.kind === 'field-only-openai')
 */
function diffContracts(ours, openai) {
  const out = [];
  for (const [label, ourName, theirName] of PAIRS) {
    const emit = (d) => out.push({ schema: label, ...d });
    const a = sideOf(ours, 1, ourName);
    const b = sideOf(openai, 2, theirName);
    if (!a.schemas[ourName] || !b.schemas[theirName]) {
      const who = !a.schemas[ourName] ? `ours has no ${ourName}` : `OpenAI's has no ${theirName}`;
      emit({ kind: 'schema-missing', path: '(root)', detail: who });
      continue;
    }
    const start = (name) => [{ node: { $ref: `#/components/schemas/${name}` }, stack: [] }];
    compare(a, b, start(ourName), start(theirName), '', emit, 0);
  }
  return out;
}

/** The identity of a difference, shared by the report and the allow-list. */
function keyOf(d) {
  return [d.schema, d.kind, d.path, d.value ?? ''].join(' | ');
}

/**
 * Reads the allow-list (a parsed YAML list of `{schema, path, kind, value?, reason}`) and returns
 * its entries plus the problems with it (missing reason, unknown kind, duplicate).
 */
function readAllowList(list) {
  const entries = [];
  const problems = [];
  if (!Array.isArray(list)) return { entries, problems: ['the allow-list must be a YAML list'] };
  const seen = new Set();
  for (const [i, e] of list.entries()) {
    const where = `allow-list entry ${i + 1}`;
    if (!e || typeof e !== 'object') {
      problems.push(`${where}: not a mapping`);
      continue;
    }
    for (const f of ['schema', 'path', 'kind', 'reason']) {
      if (typeof e[f] !== 'string' || e[f].trim() === '') problems.push(`${where}: needs a ${f}`);
    }
    if (e.kind && !(e.kind in KINDS)) problems.push(`${where}: unknown kind ${e.kind}`);
    const entry = { schema: e.schema, kind: e.kind, path: e.path, reason: e.reason };
    if (e.value !== undefined) entry.value = String(e.value);
    const key = keyOf(entry);
    if (seen.has(key)) problems.push(`${where}: duplicate of ${key}`);
    seen.add(key);
    entries.push(entry);
  }
  return { entries, problems };
}

/**
 * Splits the differences into allowed and unlisted ones, and finds allow-list entries that no
 * longer match any difference (stale). The gate passes only when nothing is unlisted or stale.
 */
function judgeDifferences(differences, allowList) {
  const { entries, problems } = readAllowList(allowList);
  const byKey = new Map(entries.map((e) => [keyOf(e), e]));
  const allowed = [];
  const unlisted = [];
  const matched = new Set();
  for (const d of differences) {
    const entry = byKey.get(keyOf(d));
    if (entry) {
      allowed.push({ ...d, reason: entry.reason });
      matched.add(keyOf(d));
    } else unlisted.push(d);
  }
  const stale = entries.filter((e) => !matched.has(keyOf(e)));
  const ok = unlisted.length === 0 && stale.length === 0 && problems.length === 0;
  return { ok, allowed, unlisted, stale, problems };
}

function line(d) {
  const value = d.value !== undefined ? ` "${d.value}"` : '';
  const detail = d.detail ? ` (${d.detail})` : '';
  return `${d.path}: ${KINDS[d.kind] ?? d.kind}${value}${detail}`;
}

/** Renders the verdict as text, per schema: unlisted differences first, then the allowed ones. */
function renderReport(verdict) {
  const out = [];
  for (const [label] of PAIRS) {
    const mine = (list) => list.filter((d) => d.schema === label);
    const bad = mine(verdict.unlisted);
    const fine = mine(verdict.allowed);
    out.push(`${label}: ${bad.length} unlisted, ${fine.length} allowed`);
    for (const d of bad) out.push(`  ✗ ${line(d)}`);
    for (const d of fine) out.push(`  ✓ ${line(d)} — ${d.reason}`);
  }
  for (const e of verdict.stale) out.push(`stale allow-list entry (no such difference): ${keyOf(e)}`);
  for (const p of verdict.problems) out.push(`allow-list problem: ${p}`);
  out.push(
    verdict.ok
      ? `contract:diff ok: ${verdict.allowed.length} deliberate differences, none unlisted`
      : `contract:diff FAILED: ${verdict.unlisted.length} unlisted, ${verdict.stale.length} stale, ${verdict.problems.length} allow-list problems. Update openapi.yaml or list the difference with a reason in the allow-list.`,
  );
  return out.join('\n');
}

module.exports = { PAIRS, KINDS, diffContracts, judgeDifferences, readAllowList, renderReport, keyOf };
