import type { ChatCompletion, ChatCompletionChunk, DefectMode } from '../contract';
import { encodeData } from '../sse';

/** A chunk as the defects edit it: any field may take a value the contract forbids. */
type Loose = Record<string, unknown> & {
  choices: Array<
    Record<string, unknown> & { delta?: Record<string, unknown>; message?: Record<string, unknown> }
  >;
};

/** Reasoning a `think-tags` reply leaves in its content. */
export const THINK_TEXT = '<think>The user wants an answer.</think>';

const NON_ASCII = /[\u0080-\uffff]/g;

function toolFragments(
  chunk: Loose,
): Array<Record<string, unknown> & { function?: Record<string, unknown> }> {
  const calls = chunk.choices[0]?.delta?.tool_calls;
  return Array.isArray(calls) ? calls : [];
}

/**
 * The chunks of a stream with `defect` applied, and raw frames to write before some of them: each
 * mode breaks exactly one conformance rule (named in the README's defect table).
 */
export function defectiveChunks(
  source: readonly ChatCompletionChunk[],
  defect: DefectMode | undefined,
): { chunks: Loose[]; before: Map<number, string> } {
  const chunks = structuredClone(source) as unknown as Loose[];
  const before = new Map<number, string>();
  const finish = chunks.find((c) => c.choices[0]?.finish_reason != null);
  const content = chunks.filter(
    (c) => typeof c.choices[0]?.delta?.content === 'string' && c.choices[0].delta.content !== '',
  );
  switch (defect) {
    case 'finish-abort':
      if (finish) finish.choices[0]!.finish_reason = 'abort';
      break;
    case 'role-empty':
      if (chunks[0]?.choices[0]?.delta) chunks[0].choices[0].delta.role = '';
      break;
    case 'keepalive-data':
      before.set(1, encodeData(''));
      break;
    case 'tool-args-object': {
      const withArgs = chunks.flatMap(toolFragments).filter((f) => f.function && 'arguments' in f.function);
      const joined = withArgs.map((f) => String(f.function!.arguments)).join('');
      for (const f of withArgs) f.function!.arguments = '';
      try {
        if (withArgs[0]) withArgs[0].function!.arguments = JSON.parse(joined);
      } catch {
        // Not JSON to begin with: leave the call as it was.
      }
      break;
    }
    case 'tool-same-index': {
      const first = chunks.findIndex((c) => toolFragments(c).some((f) => f.id !== undefined));
      const twin = chunks[first];
      if (twin && finish) {
        const copy = structuredClone(twin);
        for (const f of toolFragments(copy)) {
          f.id = `${String(f.id)}-second`;
          if (f.function) f.function.arguments = '{}';
        }
        chunks.splice(chunks.indexOf(finish), 0, copy);
      }
      break;
    }
    case 'broken-utf8':
      for (const c of content)
        c.choices[0]!.delta!.content = String(c.choices[0]!.delta!.content).replace(NON_ASCII, '\uFFFD');
      break;
    case 'think-tags':
      if (content[0])
        content[0].choices[0]!.delta!.content = THINK_TEXT + String(content[0].choices[0]!.delta!.content);
      break;
    case 'parity-drift': {
      const last = content.at(-1);
      if (last) chunks.splice(chunks.indexOf(last), 1);
      break;
    }
    case 'service-tier-unknown':
      for (const c of chunks) c.service_tier = 'on_demand';
      break;
    case 'tool-calls-dropped':
      // The call's deltas go; the finish that announces it stays.
      for (let i = chunks.length - 1; i >= 0; i--) {
        const choice = chunks[i]!.choices[0];
        if (!choice?.delta || toolFragments(chunks[i]!).length === 0) continue;
        delete choice.delta.tool_calls;
        if (Object.keys(choice.delta).length === 0 && choice.finish_reason == null) chunks.splice(i, 1);
      }
      break;
    default:
      break;
  }
  return { chunks, before };
}

/** The non-stream document with the defects that have a non-stream form applied. */
export function defectiveCompletion(doc: ChatCompletion, defect: DefectMode | undefined): unknown {
  const out = structuredClone(doc) as unknown as Loose;
  const choice = out.choices[0];
  if (!choice) return out;
  if (defect === 'finish-abort') choice.finish_reason = 'abort';
  if (defect === 'think-tags' && typeof choice.message?.content === 'string') {
    choice.message.content = THINK_TEXT + choice.message.content;
  }
  if (defect === 'service-tier-unknown') out.service_tier = 'on_demand';
  return out;
}
