/**
 * "Did you mean …?" for a mistyped name: the known names closest to it by edit distance
 * (optimal string alignment: insertions, deletions, substitutions and transpositions of
 * neighbours each cost 1), within a third of the name's length, or sharing its prefix.
 */

/** Optimal-string-alignment distance between `a` and `b` (case-insensitive). */
export function editDistance(a: string, b: string): number {
  const s = a.toLowerCase();
  const t = b.toLowerCase();
  const rows = s.length + 1;
  const cols = t.length + 1;
  const d: number[] = new Array<number>(rows * cols).fill(0);
  for (let i = 0; i < rows; i++) d[i * cols] = i;
  for (let j = 0; j < cols; j++) d[j] = j;
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      let v = Math.min(d[(i - 1) * cols + j]! + 1, d[i * cols + j - 1]! + 1, d[(i - 1) * cols + j - 1]! + cost);
      if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1]) v = Math.min(v, d[(i - 2) * cols + j - 2]! + 1);
      d[i * cols + j] = v;
    }
  }
  return d[rows * cols - 1]!;
}

/**
 * The known names that `name` is probably a typo of, best first (ties in the order
 * given): within an edit distance of max(1, ⌊length/3⌋), or starting with `name` when it
 * has at least 3 characters.
 */
export function closest(name: string, known: readonly string[]): string[] {
  const limit = Math.max(1, Math.floor(name.length / 3));
  const scored = known
    .map((k, i) => ({ k, i, d: editDistance(name, k) }))
    .filter((x) => x.k !== name && (x.d <= limit || (name.length >= 3 && x.k.toLowerCase().startsWith(name.toLowerCase()))));
  scored.sort((a, b) => a.d - b.d || a.i - b.i);
  return scored.slice(0, 3).map((x) => x.k);
}

/** ` Did you mean "x"?` (or `"x" or "y"`), or `''` when nothing is close. */
export function didYouMean(name: string, known: readonly string[]): string {
  const c = closest(name, known);
  if (c.length === 0) return '';
  const q = c.map((x) => JSON.stringify(x));
  return ` Did you mean ${q.length === 1 ? q[0] : `${q.slice(0, -1).join(', ')} or ${q[q.length - 1]}`}?`;
}
