// Order keys: strings whose byte order is a list's order, so another domain can sort by a fact it
// must not hold. The worklist orders by family name with the enrollment domain's key for each
// person's place in that order, never the name. A key between two others is made without renumbering
// anything (fractional indexing over decimal digits: keys never end in 0, so there is always room).
const DIGITS = '0123456789';

/** A key strictly between `a` and `b` ('' is before everything, null after everything). */
export function keyBetween(a: string, b: string | null): string {
  if (b !== null && a >= b) throw new Error(`order keys out of order: ${a} >= ${b}`);
  if (b !== null) {
    let n = 0;
    while ((a[n] ?? '0') === b[n]) n++;
    if (n > 0) return b.slice(0, n) + keyBetween(a.slice(n), b.slice(n));
  }
  const low = a ? DIGITS.indexOf(a[0]!) : 0;
  const high = b !== null ? DIGITS.indexOf(b[0]!) : DIGITS.length;
  if (high - low > 1) return DIGITS[Math.round((low + high) / 2)]!;
  if (b !== null && b.length > 1) return b.slice(0, 1);
  return DIGITS[low]! + keyBetween(a.slice(1), null);
}

/** The key of position `index` (0-based) in a list loaded in order: evenly spaced, room between. */
export function keyAt(index: number): string {
  return `${String(index + 1).padStart(9, '0')}5`;
}
