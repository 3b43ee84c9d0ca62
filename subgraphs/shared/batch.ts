// Helpers for DataLoader batch functions: results must come back in the order of the keys asked for.

/** One row (or null) per key. */
export function oneByKey<K, R>(keys: readonly K[], rows: R[], keyOf: (row: R) => K): (R | null)[] {
  const index = new Map<K, R>();
  for (const row of rows) index.set(keyOf(row), row);
  return keys.map((key) => index.get(key) ?? null);
}

/** All rows per key, keeping the rows' order. */
export function manyByKey<K, R>(keys: readonly K[], rows: R[], keyOf: (row: R) => K): R[][] {
  const index = new Map<K, R[]>();
  for (const row of rows) {
    const list = index.get(keyOf(row));
    if (list) list.push(row);
    else index.set(keyOf(row), [row]);
  }
  return keys.map((key) => index.get(key) ?? []);
}
