import type { ChunkLike } from './decode';
import { isRecord, parseJson } from './json';

/** Where the delta goes in a template's text; a control character no stringified chunk holds. */
const MARKER = JSON.stringify('\u0000delta\u0000');

/**
 * The text a stream's chunks repeat around their one choice's `delta` (id, created, model…), so a
 * chunk that differs only in its delta is decoded by parsing the delta alone.
 *
 * Sound because JSON's grammar is context free: when `text` is `prefix + middle + suffix` and
 * `middle` parses as one JSON value, `JSON.parse(text)` is the template's chunk with that value as
 * the delta. Anything else (another id, a finish reason, two choices) is left to a full parse.
 */
export class ChunkTemplate {
  private constructor(
    private readonly prefix: string,
    private readonly suffix: string,
    private readonly base: Record<string, unknown>,
    private readonly choice: Record<string, unknown>,
  ) {}

  /** The template of a parsed chunk, when it has exactly one choice with a delta and `text` frames it. */
  static of(text: string, json: Record<string, unknown>): ChunkTemplate | undefined {
    const choices = json.choices;
    if (!Array.isArray(choices) || choices.length !== 1) return undefined;
    const choice: unknown = choices[0];
    if (!isRecord(choice) || !('delta' in choice)) return undefined;
    const parts = JSON.stringify({ ...json, choices: [{ ...choice, delta: '\u0000delta\u0000' }] }).split(
      MARKER,
    );
    if (parts.length !== 2) return undefined;
    const [prefix, suffix] = parts as [string, string];
    const template = new ChunkTemplate(prefix, suffix, json, choice);
    return template.frames(text) ? template : undefined;
  }

  /** `text` decoded through the template, or undefined when it differs in more than the delta. */
  parse(text: string): ChunkLike | undefined {
    if (!this.frames(text)) return undefined;
    const delta = parseJson(text.slice(this.prefix.length, text.length - this.suffix.length));
    if (!delta.ok) return undefined;
    // Fresh top-level and choice objects per chunk; the unchanged values are shared, read only.
    const chunk: Record<string, unknown> = {
      ...this.base,
      choices: [{ ...this.choice, delta: delta.value }],
    };
    return chunk as ChunkLike;
  }

  private frames(text: string): boolean {
    const { prefix, suffix } = this;
    // Equality of two slices compares flat memory; startsWith walks a sliced string (what event
    // data is) one character at a time, and cost more than parsing the whole chunk.
    return (
      text.length > prefix.length + suffix.length &&
      text.slice(0, prefix.length) === prefix &&
      text.slice(text.length - suffix.length) === suffix
    );
  }
}
