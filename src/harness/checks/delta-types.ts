import {
  choicesOf,
  entry,
  NOT_SUCCESS_STREAM,
  sequenceExchanges,
  show,
  singlePassCheck,
  streamPass,
} from '../judge';

type Fragment = { index?: unknown; id?: unknown; type?: unknown; function?: Record<string, unknown> | null };

function blank(value: unknown): boolean {
  return value === null || value === '';
}

/** Fields of a later tool-call fragment sent as null or "" instead of being left out. */
function blankRepeats(f: Fragment): string[] {
  const fields: string[] = [];
  if ('id' in f && blank(f.id)) fields.push(`id ${show(f.id)}`);
  if ('type' in f && blank(f.type)) fields.push(`type ${show(f.type)}`);
  const fn = typeof f.function === 'object' && f.function !== null ? f.function : {};
  if ('name' in fn && blank(fn.name)) fields.push(`function.name ${show(fn.name)}`);
  return fields;
}

/** The type problems of one choice's delta; `seen` holds the tool-call indexes already opened. */
export function deltaProblems(
  delta: Record<string, unknown>,
  choiceIndex: unknown,
  seen: Set<unknown>,
): string[] {
  const out: string[] = [];
  if ('role' in delta && delta.role !== 'assistant') {
    out.push(
      `choice ${show(choiceIndex)}: delta.role is ${show(delta.role)}; when present it must be "assistant"`,
    );
  }
  if ('content' in delta && delta.content !== null && typeof delta.content !== 'string') {
    out.push(`choice ${show(choiceIndex)}: delta.content is ${show(delta.content)}, not a string or null`);
  }
  const calls = delta.tool_calls;
  if (!Array.isArray(calls)) return out;
  for (const f of calls) {
    if (typeof f !== 'object' || f === null) continue;
    const fragment = f as Fragment;
    if (!seen.has(fragment.index)) {
      seen.add(fragment.index);
      continue;
    }
    const fields = blankRepeats(fragment);
    if (fields.length > 0) {
      out.push(
        `choice ${show(choiceIndex)}, tool call ${show(fragment.index)}: a later fragment sends ${fields.join(', ')} instead of leaving the field out`,
      );
    }
  }
  return out;
}

/**
 * Delta fields have the types clients deserialize into: `role` is "assistant" when present,
 * `content` a string or null, and later tool-call fragments leave `id`, `type` and `function.name`
 * out instead of sending them null or empty.
 * @see https://platform.openai.com/docs/api-reference/chat-streaming/streaming
 */
export const deltaTypes = singlePassCheck(
  {
    id: 'delta-types',
    severity: 'must',
    rule: 'A delta\'s role, when present, is "assistant", its content is a string or null, and tool-call fragments after the first leave id, type and function.name out rather than sending null or "".',
    offline: true,
  },
  streamPass(sequenceExchanges, NOT_SUCCESS_STREAM, ({ log }) => {
    /** Per choice: the tool-call indexes it has opened. */
    const seen = new Map<unknown, Set<unknown>>();
    return {
      // A content chunk repeating the previous frame changes nothing this rule reads.
      skipsContentRepeats: true,
      event(c) {
        if (c.kind !== 'chunk') return;
        for (const choice of choicesOf(c.json)) {
          const delta = choice.delta;
          if (typeof delta !== 'object' || delta === null) continue;
          const opened = entry(seen, choice.index, () => new Set<unknown>());
          for (const message of deltaProblems(delta, choice.index, opened)) log.at(c, message);
        }
      },
      end() {},
    };
  }),
);
