import {
  type CreateChatCompletionRequest,
  type Directives,
  type FinishReason,
  lastUserText,
  stripDirectives,
} from '../../../contract';
import { formatReply } from './formats';
import { cutAtStop, cycledToken, cycleTokens, splitTokens } from './tokens';
import { type ToolStep, toolSteps, toolsToCall } from './tools';

export type { ToolStep } from './tools';

/**
 * What one choice of a scripted reply produces: `reasoning` tokens, then `length` steps, then its
 * finish reason. Content tokens are produced on demand (`token(i)`), so a reply of 100,000 tokens
 * holds only its words; a tool call is a few fragments (`tools`).
 */
export interface Plan {
  /** Reasoning tokens streamed before the answer (`reasoning=N`). */
  reasoning: string[];
  length: number;
  token: (i: number) => string;
  tools?: ToolStep[];
  finish: FinishReason;
}

/**
 * Where a reply comes from, so it can say which session and turn it served. A request with a
 * `seed` and no `session_id` is labelled by its seed instead, so the same seeded request gets the
 * same reply.
 */
export interface Turn {
  sessionKey: string;
  turn: number;
  seed?: number;
}

/** What a reply says it served: the session and turn, or the seed. */
function label(at: Turn): string {
  return at.seed !== undefined ? `seed ${at.seed}` : `session ${at.sessionKey}, turn ${at.turn}`;
}

/**
 * The reply text: what the user said (the last user message without its directives), prefixed
 * with the session and turn (or the seed), so routing is visible from outside.
 * @example replyText('hello', {sessionKey:'api:a', turn:2}) // '[session api:a, turn 2] You said: hello'
 */
function replyText(said: string, at: Turn): string {
  return `[${label(at)}] You said: ${said || '(nothing)'}`;
}

/** Reasoning tokens: a fixed sentence about the request, cycled to `count` words. */
function reasoningTokens(said: string, count: number): string[] {
  if (count <= 0) return [];
  return cycleTokens(splitTokens(`Thinking about the request: ${said || '(nothing)'}.`), count);
}

/**
 * Plans one choice of the scripted reply from the request and its directives: tool calls when asked
 * for (directive or `tool_choice`) and offered, otherwise word tokens (JSON text when
 * `response_format` asks for it) cut by `stop` (→ stop) and by the token cap (→ length). Reasoning
 * tokens come first and count against the cap.
 */
export function planReply(body: CreateChatCompletionRequest, directives: Directives, at: Turn): Plan {
  const userText = lastUserText(body.messages);
  const said = stripDirectives(userText);
  const limit = body.max_completion_tokens ?? body.max_tokens ?? Number.POSITIVE_INFINITY;
  const reasoning = reasoningTokens(said, Math.min(directives.reasoning ?? 0, limit));
  const room = limit - reasoning.length;
  const tools = toolsToCall(body, directives);
  if (tools.length > 0) {
    const args = JSON.stringify(
      at.seed !== undefined
        ? { request: said, seed: at.seed }
        : { request: said, session: at.sessionKey, turn: at.turn },
    );
    const steps = toolSteps(
      tools,
      args,
      at.seed !== undefined ? `seed:${at.seed}` : `${at.sessionKey}#${at.turn}`,
    );
    return { reasoning, length: steps.length, token: () => '', tools: steps, finish: 'tool_calls' };
  }
  const text = replyText(said, at);
  const formatted = formatReply(body, text);
  let words = splitTokens(formatted ?? text);
  let length = formatted === undefined ? (directives.tokens ?? words.length) : words.length;
  let cycled = formatted === undefined && directives.tokens !== undefined;
  const stop = body.stop == null ? [] : typeof body.stop === 'string' ? [body.stop] : body.stop;
  if (stop.some((s) => s !== '')) {
    // Rare: a stop list needs the whole text, so only then is the reply built up front.
    words = cutAtStop(cycled ? cycleTokens(words, length) : words, stop).tokens;
    length = words.length;
    cycled = false;
  }
  let finish: FinishReason = 'stop';
  // A reply that fills the cap exactly never produced its end: OpenAI reports that as `length`.
  if (length >= room && Number.isFinite(room)) {
    length = Math.max(0, room);
    finish = 'length';
  }
  const base = words;
  const token = cycled ? (i: number) => cycledToken(base, i) : (i: number) => base[i]!;
  return { reasoning, length, token, finish };
}
