import { createHash } from 'node:crypto';
import {
  type CreateChatCompletionRequest,
  type Directives,
  type FinishReason,
  lastUserText,
  stripDirectives,
} from '../../../contract';
import type { BackendEvent } from '../types';
import { cutAtStop, cycleTokens, splitTokens } from './tokens';

type Step =
  | { type: 'content'; text: string }
  | { type: 'tool-call'; index: number; id?: string; name?: string; arguments: string };

/** What one choice of a scripted reply produces: its steps in order, then its finish reason. */
export interface Plan {
  steps: Step[];
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
  const steps: Step[] = pieces(args, 4).map((piece, i) =>
    i === 0
      ? { type: 'tool-call', index: 0, id, name, arguments: piece }
      : { type: 'tool-call', index: 0, arguments: piece },
  );
  return { steps, finish: 'tool_calls' };
}

function wantsTool(body: CreateChatCompletionRequest, tool: string | undefined): tool is string {
  if (!tool || body.tool_choice === 'none') return false;
  return (body.tools ?? []).some((t) => t.function.name === tool);
}

/**
 * Plans one choice of the scripted reply from the request and its directives: a tool call when
 * asked for one the request offers, otherwise word tokens cut by `stop` (→ stop) and by
 * `max_completion_tokens`/`max_tokens` (→ length).
 */
export function planReply(body: CreateChatCompletionRequest, directives: Directives, at: Turn): Plan {
  const userText = lastUserText(body.messages);
  if (wantsTool(body, directives.tool)) return toolPlan(directives.tool, stripDirectives(userText), at);
  let tokens = splitTokens(replyText(userText, at));
  if (directives.tokens !== undefined) tokens = cycleTokens(tokens, directives.tokens);
  const stop = body.stop == null ? [] : typeof body.stop === 'string' ? [body.stop] : body.stop;
  const cut = cutAtStop(tokens, stop);
  tokens = cut.tokens;
  let finish: FinishReason = 'stop';
  const limit = body.max_completion_tokens ?? body.max_tokens;
  if (limit != null && tokens.length > limit) {
    tokens = tokens.slice(0, limit);
    finish = 'length';
  }
  return { steps: tokens.map((text) => ({ type: 'content', text })), finish };
}

/** The step as the event of one choice. */
export function stepEvent(step: Step, choice: number): BackendEvent {
  return { ...step, choice };
}
