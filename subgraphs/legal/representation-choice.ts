// Which of a person's representations counts as "the" representation: the same rule everywhere.
import type { RepresentationRow } from './db/schema.js';

export const isActive = (r: RepresentationRow): boolean => r.withdrawnAt === null;

/** The active representation to show: the primary one first, then the latest filed; null if none. */
export function currentRepresentation(rows: readonly RepresentationRow[]): RepresentationRow | null {
  let best: RepresentationRow | null = null;
  for (const r of rows) {
    if (!isActive(r)) continue;
    if (!best || outranks(r, best)) best = r;
  }
  return best;
}

function outranks(a: RepresentationRow, b: RepresentationRow): boolean {
  if (a.isPrimary !== b.isPrimary) return a.isPrimary;
  if (a.filedAt.getTime() !== b.filedAt.getTime()) return a.filedAt > b.filedAt;
  return a.id > b.id;
}
