import { createHash } from 'node:crypto';
import {
  type CreateChatCompletionRequest,
  type Directives,
  type FinishReason,
  lastUserText,
  stripDirectives,
} from '../../../contract';
import { cutAtStop, cycledToken, cycleTokens, splitTokens } from './tokens';

/** A tool-call fragment of a scripted reply. */
export interface ToolStep {
  index: number;
  id?: string;
  name?: string;
  arguments: string;
}

/**
 * What one choice of a scripted reply produces: `length` steps, then its finish reason. Content
 * tokens are produced on demand (`token(i)`), so a reply of 100,000 tokens holds only its words;
 * a tool call is a few fragments (`tools`).
 */
export interface Plan {
  length: number;
  token: (i: number) => string;
  tools?: ToolStep[];
  finish: FinishReason;
}

/** Where a reply comes from, so it can say which session and turn it served. */
export interface Turn {
  sessionKey: string;
  turn: number;
}

/**
 * The reply text: the last user message without its directives, prefixed with the session and
 * turn, so routing is visible from outside.
 * @example replyText('hello [[chat-contract:tokens=3]]', {sessionKey:'api:a', turn:2})
 *   // '[session api:a, turn 2] You said: hello'
 */
export function replyText(userText: string, at: Turn): string {
  const said = stripDirectives(userText);
  return `[session ${at.sessionKey}, turn ${at.turn}] You said: ${said || '(nothing)'}`;
}

/** Splits a string into `parts` pieces of nearly equal length (fewer when it is shorter). */
function pieces(text: string, parts: number): string[] {
  const size = Math.max(1, Math.ceil(text.length / parts));
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out;
}

function toolPlan(name: string, said: string, at: Turn): Plan {
  const args = JSON.stringify({ request: said, session: at.sessionKey, turn: at.turn });
  const id = `call_${createHash('sha256').update(`${at.sessionKey}#${at.turn}`).digest('hex').slice(0, 24)}`;
  const tools: ToolStep[] = pieces(args, 4).map((piece, i) =>
    i === 0 ? { index: 0, id, name, arguments: piece } : { index: 0, arguments: piece },
  );
  return { length: tools.length, token: () => '', tools, finish: 'tool_calls' };
}

function wantsTool(body: CreateChatCompletionRequest, tool: string | undefined): tool is string {
  if (!tool || body.tool_choice === 'none') return false;
  return (body.tools ?? []).some((t) => t.function?.name === tool);
}

/**
 * Plans one choice of the scripted reply from the request and its directives: a tool call when
 * asked for one the request offers, otherwise word tokens cut by `stop` (→ stop) and by
 * `max_completion_tokens`/`max_tokens` (→ length).
 */
export function planReply(body: CreateChatCompletionRequest, directives: Directives, at: Turn): Plan {
  const userText = lastUserText(body.messages);
  if (wantsTool(body, directives.tool)) return toolPlan(directives.tool, stripDirectives(userText), at);
  let words = splitTokens(replyText(userText, at));
  let length = directives.tokens ?? words.length;
  let cycled = directives.tokens !== undefined;
  const stop = body.stop == null ? [] : typeof body.stop === 'string' ? [body.stop] : body.stop;
  if (stop.some((s) => s !== '')) {
    // Rare: a stop list needs the whole text, so only then is the reply built up front.
    words = cutAtStop(cycled ? cycleTokens(words, length) : words, stop).tokens;
    length = words.length;
    cycled = false;
  }
  let finish: FinishReason = 'stop';
  const limit = body.max_completion_tokens ?? body.max_tokens;
  if (limit != null && length > limit) {
    length = limit;
    finish = 'length';
  }
  const base = words;
  const token = cycled ? (i: number) => cycledToken(base, i) : (i: number) => base[i]!;
  return { length, token, finish };
}
