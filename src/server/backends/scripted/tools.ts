import { createHash } from 'node:crypto';
import type { CreateChatCompletionRequest, Directives } from '../../../contract';

/** A tool-call fragment of a scripted reply. */
export interface ToolStep {
  index: number;
  id?: string;
  name?: string;
  arguments: string;
}

/** Splits a string into `parts` pieces of nearly equal length (fewer when it is shorter). */
function pieces(text: string, parts: number): string[] {
  const size = Math.max(1, Math.ceil(text.length / parts));
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out;
}

/**
 * The tools a scripted reply calls, in order: a named `tool_choice` wins; otherwise the tools the
 * `tool=a,b` directive asks for that the request offers, or the first offered tool when
 * `tool_choice` is `required`. `parallel_tool_calls: false` keeps only the first.
 */
export function toolsToCall(body: CreateChatCompletionRequest, directives: Directives): string[] {
  // Only function tools are called; custom tools take free text the scripted backend does not write.
  const offered = (body.tools ?? [])
    .map((t) => t.function?.name)
    .filter((n): n is string => typeof n === 'string');
  const choice = body.tool_choice;
  if (choice === 'none' || offered.length === 0) return [];
  let names: string[];
  if (typeof choice === 'object' && choice !== null) {
    const named = choice.type === 'function' ? choice.function?.name : undefined;
    names = offered.filter((n) => n === named);
  } else {
    names = (directives.tools ?? []).filter((n) => offered.includes(n));
    if (names.length === 0 && choice === 'required') names = [offered[0]!];
  }
  return body.parallel_tool_calls === false ? names.slice(0, 1) : names;
}

/**
 * The fragments of the scripted calls: each call's JSON arguments in four pieces, the first
 * carrying its id and name, one call after the other on its own index.
 * @param label what makes ids unique and repeatable (session and turn, or the seed)
 */
export function toolSteps(names: readonly string[], args: string, label: string): ToolStep[] {
  return names.flatMap((name, index) => {
    const id = `call_${createHash('sha256').update(`${label}#${index}`).digest('hex').slice(0, 24)}`;
    return pieces(args, 4).map((piece, i) =>
      i === 0 ? { index, id, name, arguments: piece } : { index, arguments: piece },
    );
  });
}
