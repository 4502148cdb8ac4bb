/** Edit distance (insertions, deletions, substitutions) between two strings, two rows at a time. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min(previous[j]! + 1, current[j - 1]! + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length]!;
}

/**
 * The known names closest to a mistyped one (a third of its length or 3 edits at most), nearest
 * first; empty when none is close. A name that is a prefix of known ones suggests those.
 * @example suggest('stable-idd', ['stable-id', 'stable-model']) // ['stable-id']
 */
export function suggest(name: string, known: readonly string[], max = 3): string[] {
  const limit = Math.min(3, Math.max(1, Math.floor(name.length / 3)));
  const scored = known
    .map((k) => ({ k, d: k.startsWith(name) && name.length >= 3 ? 0.5 : editDistance(name, k) }))
    .filter((s) => s.d <= limit)
    .sort((x, y) => x.d - y.d || x.k.localeCompare(y.k));
  return scored.slice(0, max).map((s) => s.k);
}

/** ` (did you mean a or b?)`, or '' when nothing is close. */
export function didYouMean(name: string, known: readonly string[]): string {
  const close = suggest(name, known);
  if (close.length === 0) return '';
  const list = close.length === 1 ? close[0] : `${close.slice(0, -1).join(', ')} or ${close.at(-1)}`;
  return ` (did you mean ${list}?)`;
}
