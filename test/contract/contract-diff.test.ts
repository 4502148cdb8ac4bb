import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse, stringify } from 'yaml';

const lib = require('../../scripts/contract-diff-lib.js') as {
  diffContracts(ours: unknown, openai: unknown): Difference[];
  judgeDifferences(
    differences: Difference[],
    allowList: unknown,
  ): { ok: boolean; unlisted: Difference[]; stale: unknown[]; problems: string[] };
};

interface Difference {
  schema: string;
  kind: string;
  path: string;
  value?: string;
  detail?: string;
}

const root = path.resolve(__dirname, '..', '..');
const OPENAI_COPY = path.join(root, 'contract', 'openai', 'chat-completions.openapi.yaml');

function runDiff(args: string[]) {
  const script = path.join(root, 'scripts', 'contract-diff.js');
  return spawnSync(process.execPath, [script, ...args], { encoding: 'utf8', timeout: 60_000 });
}

/** A minimal pair of documents: our request schema and OpenAI's, with the schemas given. */
function docs(ours: Record<string, unknown>, theirs: Record<string, unknown>) {
  const doc = (request: Record<string, unknown>) => ({
    components: {
      schemas: {
        CreateChatCompletionRequest: request,
        ChatCompletion: { type: 'object' },
        CreateChatCompletionResponse: { type: 'object' },
        ChatCompletionChunk: { type: 'object' },
        CreateChatCompletionStreamResponse: { type: 'object' },
        Usage: { type: 'object' },
        CompletionUsage: { type: 'object' },
        ChatCompletionModeration: { type: 'object' },
        ErrorResponse: { type: 'object' },
        Model: { type: 'object' },
        ModelList: { type: 'object' },
        ListModelsResponse: { type: 'object' },
      },
    },
  });
  return [doc(ours), doc(theirs)] as const;
}

const obj = (properties: Record<string, unknown>) => ({ type: 'object', properties });

describe('contract diff', () => {
  it.each<[string, { ours: Record<string, unknown>; theirs: Record<string, unknown>; want: Difference[] }]>([
    [
      'a field only OpenAI has',
      {
        ours: obj({ model: { type: 'string' } }),
        theirs: obj({ model: { type: 'string' }, moderation: { type: 'object' } }),
        want: [{ schema: 'request', kind: 'field-only-openai', path: 'moderation' }],
      },
    ],
    [
      'a nested field only we have, inside array items',
      {
        ours: obj({ tools: { type: 'array', items: obj({ type: { type: 'string' }, extra: {} }) } }),
        theirs: obj({ tools: { type: 'array', items: obj({ type: { type: 'string' } }) } }),
        want: [{ schema: 'request', kind: 'field-only-ours', path: 'tools[].extra' }],
      },
    ],
    [
      'an enum value only OpenAI lists, with nullability written two ways',
      {
        ours: obj({ effort: { type: ['string', 'null'], enum: ['low', 'high', null] } }),
        theirs: obj({
          effort: { anyOf: [{ type: 'string', enum: ['low', 'high', 'max'] }, { type: 'null' }] },
        }),
        want: [{ schema: 'request', kind: 'enum-only-openai', path: 'effort', value: 'max' }],
      },
    ],
    [
      'an open-ended value on OpenAI’s side where ours is closed',
      {
        ours: obj({ voice: { type: 'string', enum: ['alloy'] } }),
        theirs: obj({ voice: { anyOf: [{ type: 'string' }, { type: 'string', enum: ['alloy'] }] } }),
        want: [{ schema: 'request', kind: 'open-openai', path: 'voice', detail: 'ours lists alloy' }],
      },
    ],
    [
      'a type difference (nullable on one side only)',
      {
        ours: obj({ key: { type: 'string' } }),
        theirs: obj({ key: { type: 'string', nullable: true } }),
        want: [{ schema: 'request', kind: 'type', path: 'key', detail: "ours string, OpenAI's null|string" }],
      },
    ],
    [
      'a field only we require (OpenAI’s would take the value without it)',
      {
        ours: { ...obj({ a: { type: 'string' }, b: { type: 'string' } }), required: ['a', 'b'] },
        theirs: { ...obj({ a: { type: 'string' }, b: { type: 'string' } }), required: ['a'] },
        want: [{ schema: 'request', kind: 'required-only-ours', path: 'b' }],
      },
    ],
    [
      'fields merged across allOf and oneOf',
      {
        ours: obj({ a: { type: 'string' }, b: { type: 'integer' } }),
        theirs: { allOf: [obj({ a: { type: 'string' } }), { oneOf: [obj({ b: { type: 'integer' } })] }] },
        want: [],
      },
    ],
  ])('reports %s', (_name, { ours, theirs, want }) => {
    const [a, b] = docs(ours, theirs);
    expect(lib.diffContracts(a, b)).toEqual(want);
  });

  it('fails on an unlisted difference and on a stale or reasonless allow-list entry', () => {
    const diff: Difference = { schema: 'request', kind: 'field-only-ours', path: 'session_id' };
    const listed = { schema: 'request', kind: 'field-only-ours', path: 'session_id', reason: 'ours' };
    expect(lib.judgeDifferences([diff], [listed]).ok).toBe(true);
    expect(lib.judgeDifferences([diff], []).unlisted).toEqual([diff]);
    expect(lib.judgeDifferences([], [listed]).stale).toHaveLength(1);
    const { problems } = lib.judgeDifferences([diff], [{ ...listed, reason: '' }]);
    expect(problems).toEqual(['allow-list entry 1: needs a reason']);
  });

  it('passes on the project’s contract, OpenAI’s copy and the allow-list', () => {
    const r = runDiff([]);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/contract:diff ok/);
    expect(r.status).toBe(0);
  });

  describe('on an edited copy of OpenAI’s spec', () => {
    let dir: string;
    beforeAll(() => {
      dir = mkdtempSync(path.join(tmpdir(), 'chat-contract-diff-'));
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    function editedCopy(edit: (schemas: Record<string, Record<string, unknown>>) => void): string {
      const spec = parse(readFileSync(OPENAI_COPY, 'utf8'));
      edit(spec.components.schemas);
      const file = path.join(dir, `openai-${Math.random().toString(36).slice(2)}.yaml`);
      writeFileSync(file, stringify(spec));
      return file;
    }

    it('fails when OpenAI’s request gains a field', () => {
      const file = editedCopy((s) => {
        const part = (s.CreateChatCompletionRequest!.allOf as Array<Record<string, unknown>>)[1]!;
        (part.properties as Record<string, unknown>).context_budget = { type: 'integer' };
      });
      const r = runDiff(['--openai', file]);
      expect(r.status).toBe(1);
      expect(r.stdout).toContain("✗ context_budget: field only in OpenAI's");
      expect(r.stdout).toMatch(/contract:diff FAILED: 1 unlisted/);
    });

    it('fails when a chunk gains a field and when a request enum gains a value', () => {
      const file = editedCopy((s) => {
        const chunk = s.CreateChatCompletionStreamResponse!;
        (chunk.properties as Record<string, unknown>).citations = { type: 'array' };
        const tier = (s.ServiceTier!.anyOf as Array<{ enum?: string[] }>)[0]!;
        tier.enum!.push('turbo');
      });
      const r = runDiff(['--openai', file]);
      expect(r.status).toBe(1);
      expect(r.stdout).toContain("✗ citations: field only in OpenAI's");
      expect(r.stdout).toContain('✗ service_tier: value only in OpenAI\'s "turbo"');
    });
  });
});
