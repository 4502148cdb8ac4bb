import type { Prng } from './prng';
import type { FieldDefect } from './types';

/** A valid request body to wrap raw defects around. */
export const VALID_BODY = { model: 'chat-contract-scripted', messages: [{ role: 'user', content: 'hi' }] };

/** The reference server's body limit; bodies above it must be answered 413. */
export const BODY_LIMIT = 1024 * 1024;

/** Byte sequences that are not UTF-8: stray continuation, overlong, surrogate, beyond U+10FFFF, cut. */
export const INVALID_UTF8: Array<[string, number[]]> = [
  ['0xff byte', [0xff]],
  ['lone continuation byte', [0x80]],
  ['bad continuation', [0xc3, 0x28]],
  ['overlong slash', [0xc0, 0xaf]],
  ['UTF-16 surrogate', [0xed, 0xa0, 0x80]],
  ['code point above U+10FFFF', [0xf4, 0x90, 0x80, 0x80]],
  ['cut three-byte sequence', [0xe2, 0x82]],
];

/** Texts JSON.parse rejects, each one a mistake some client makes. */
export const NON_JSON: string[] = [
  'hello',
  'model=chat-contract-scripted&messages=hi',
  "{'model': 'chat-contract-scripted'}",
  '{"model":"m","messages":[{"role":"user","content":"hi"}],}',
  '{"model":"m" "messages":[]}',
  'NaN',
  'undefined',
  '{"model":"m","temperature":NaN}',
  '<?xml version="1.0"?><request><model>m</model></request>',
  '{"model":"m"} {"model":"m"}',
  '// comment\n{"model":"m"}',
  `${JSON.stringify(VALID_BODY)}trailing`,
  '"unterminated',
  '\u0000',
];

/** Bodies that are JSON but not an object. */
export const NOT_AN_OBJECT: string[] = [
  '[]',
  '1',
  '"text"',
  'null',
  'true',
  `[${JSON.stringify(VALID_BODY)}]`,
];

/** Media types the contract does not accept (it lists only application/json) → 415. */
export const WRONG_MEDIA_TYPES: string[] = [
  'text/plain',
  'text/plain; charset=utf-8',
  'multipart/form-data; boundary=chat-contract',
  'application/xml',
  'text/xml',
  'text/html',
  'application/octet-stream',
  'image/png',
];

/** Wraps text as `{... "field": <text> }` on top of the valid body, without parsing it. */
export function withRawField(field: string, rawValue: string): string {
  const head = JSON.stringify(VALID_BODY).slice(0, -1);
  return `${head},${JSON.stringify(field)}:${rawValue}}`;
}

/**
 * A body with `key` twice: the first occurrence valid, the last (the one JSON.parse keeps) the
 * defect; or, for parsers that keep the first, both occurrences defects.
 */
export function duplicateKeyBody(defect: FieldDefect, first: unknown, body: Record<string, unknown>): string {
  const text = JSON.stringify(body);
  return `{${JSON.stringify(defect.key)}:${JSON.stringify(first)},${text.slice(1)}`;
}

/** `depth` nested arrays (or objects) as JSON text, built without recursion. */
export function deepNesting(depth: number, kind: 'array' | 'object'): string {
  return kind === 'array'
    ? `${'['.repeat(depth)}${']'.repeat(depth)}`
    : `${'{"a":'.repeat(depth)}{}${'}'.repeat(depth)}`;
}

/** Random bytes of a random length, biased towards text-looking bytes half the time. */
export function randomBytes(rng: Prng): Buffer {
  const length = rng.int(1, 4096);
  if (rng.next() < 0.5) return rng.bytes(length);
  const alphabet = '{}[]":,0123456789abcdefghijklmnopqrstuvwxyz \n\\-.truefalsenull';
  return Buffer.from(Array.from({ length }, () => alphabet[rng.int(0, alphabet.length - 1)]).join(''));
}
