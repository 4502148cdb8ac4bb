import type { ChatMessage } from '../../../contract';

/**
 * Word-level tokens: each token is a run of non-space characters with the whitespace before it,
 * so the tokens concatenate back to the text exactly.
 * @example splitTokens('hi  there') // ['hi', '  there']
 */
export function splitTokens(text: string): string[] {
  return text.match(/\s*\S+/g) ?? [];
}

/** Whether a UTF-16 code unit is whitespace as a regular expression's `\s` defines it. */
function isSpace(c: number): boolean {
  if (c <= 0x20) return c === 0x20 || (c >= 0x09 && c <= 0x0d);
  if (c < 0xa0) return false;
  return (
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

/** How many tokens `splitTokens` would make of a text, counted without building them. */
export function countTokens(text: string): number {
  let count = 0;
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const space = isSpace(text.charCodeAt(i));
    if (!space && !inWord) count++;
    inWord = !space;
  }
  return count;
}

/** Words in a message's content, whether it is a string or an array of text parts. */
function contentWords(content: ChatMessage['content']): number {
  if (typeof content === 'string') return countTokens(content);
  if (!Array.isArray(content)) return 0;
  let words = 0;
  for (const part of content) if (typeof part.text === 'string') words += countTokens(part.text);
  return words;
}

/** Tokens every message costs on top of its words (role and framing), as OpenAI counts roughly. */
const PER_MESSAGE = 3;

/**
 * Counts prompt tokens deterministically: words of every message's content and tool-call
 * arguments (or custom tool input) plus a fixed cost per message.
 */
export function countPromptTokens(messages: readonly ChatMessage[]): number {
  let total = 0;
  for (const m of messages) {
    total += PER_MESSAGE + contentWords(m.content);
    for (const call of m.tool_calls ?? []) {
      total += countTokens(call.function?.arguments ?? call.custom?.input ?? '');
    }
  }
  return total;
}

/** Repeats the tokens cyclically (or cuts them) to exactly `count` tokens. */
export function cycleTokens(tokens: readonly string[], count: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < count; i++) out.push(cycledToken(tokens, i));
  return out;
}

/** Token `i` of the tokens repeated cyclically, without building the repeated list. */
export function cycledToken(tokens: readonly string[], i: number): string {
  if (tokens.length === 0) return i === 0 ? 'token' : ' token';
  const token = tokens[i % tokens.length]!;
  // A repeated first token needs a space before it so words do not run together.
  return i > 0 && i % tokens.length === 0 ? ` ${token.trimStart()}` : token;
}

/**
 * Cuts the tokens before the earliest occurrence of any stop string; the stop string itself is
 * never produced.
 * @see https://platform.openai.com/docs/api-reference/chat/create#chat-create-stop
 */
export function cutAtStop(
  tokens: readonly string[],
  stop: readonly string[],
): { tokens: string[]; cut: boolean } {
  const text = tokens.join('');
  let at = -1;
  for (const s of stop) {
    if (!s) continue;
    const i = text.indexOf(s);
    if (i >= 0 && (at < 0 || i < at)) at = i;
  }
  if (at < 0) return { tokens: [...tokens], cut: false };
  const out: string[] = [];
  let pos = 0;
  for (const token of tokens) {
    if (pos + token.length <= at) out.push(token);
    else {
      if (at > pos) out.push(token.slice(0, at - pos));
      break;
    }
    pos += token.length;
  }
  return { tokens: out, cut: true };
}
