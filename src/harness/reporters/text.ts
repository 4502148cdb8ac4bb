/**
 * Makes text safe for one terminal line: line breaks, escape sequences and other control characters
 * become visible escapes (`\n`, `\r`, `\x1b`, `\u2028`), so quoted server bytes can neither leave
 * their `| ` gutter nor drive the terminal. Tabs stay.
 * @example oneLine('a\nb\u0007') // 'a\\nb\\x07'
 */
export function oneLine(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
  return text.replace(/[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => {
    if (c === '\n') return '\\n';
    if (c === '\r') return '\\r';
    const code = c.charCodeAt(0);
    return code > 0xff ? `\\u${code.toString(16)}` : `\\x${code.toString(16).padStart(2, '0')}`;
  });
}

/** The styles the pretty report uses. */
export type Style = 'fail' | 'warn' | 'skip' | 'pass' | 'bold' | 'dim';

// SGR codes (open, close). Four colours do not justify a dependency; cli/ decides when to use them.
const SGR: Record<Style, [number, number]> = {
  fail: [31, 39],
  warn: [33, 39],
  skip: [36, 39],
  pass: [32, 39],
  bold: [1, 22],
  dim: [2, 22],
};

/** Paints text with ANSI colours when `color` is on; returns it unchanged otherwise. */
export type Painter = (style: Style, text: string) => string;

/** A painter: colours on a terminal the caller vouches for, plain text otherwise. */
export function painter(color: boolean): Painter {
  if (!color) return (_style, text) => text;
  return (style, text) => `\u001b[${SGR[style][0]}m${text}\u001b[${SGR[style][1]}m`;
}
