/**
 * Escapes text for HTML content and quoted attribute values. Reports quote hostile server bytes, so
 * every piece of report data goes through here before it reaches markup.
 * @example escapeHtml('<script>') // '&lt;script&gt;'
 */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/**
 * Makes control characters visible as their Unicode control pictures (`\r` → `␍`, NUL → `␀`) so
 * evidence shows the bytes a server sent instead of swallowing them. Tab and newline stay.
 */
export function visibleControls(text: string): string {
  let out = '';
  for (const c of text) {
    const code = c.charCodeAt(0);
    if (code === 0x7f) out += '\u2421';
    else if (code < 0x20 && c !== '\t' && c !== '\n') out += String.fromCharCode(0x2400 + code);
    else out += c;
  }
  return out;
}

/** A string usable as an HTML id and URL fragment, built from report ids (check, scenario, exchange). */
export function anchorId(...parts: readonly string[]): string {
  return parts.map((p) => p.replace(/[^A-Za-z0-9_-]/g, (c) => `_${c.charCodeAt(0).toString(16)}`)).join('--');
}
