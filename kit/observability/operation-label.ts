// Operation names are chosen by clients. Before one becomes a metrics label (or a span attribute)
// it must be bounded: only names of operations that parsed and validated reach here, the first
// MAX_OPERATION_NAMES distinct ones are kept per process, and later ones count as "other", so a
// client inventing names cannot grow the number of series without end. A name that carries a run of
// digits as long as an A-number is never kept: someone may have named an operation after a person.

export const MAX_OPERATION_NAMES = 200;

/** Eight or more digits in a row (an A-number, a phone number, a date written without separators). */
export const DIGIT_RUN = /\d{8,}/;

const known = new Set<string>();

/** The label for a validated operation's name (undefined: the operation has none). */
export function operationLabel(name: string | undefined | null): string {
  if (!name) return 'anonymous';
  if (known.has(name)) return name;
  if (name.length > 64 || DIGIT_RUN.test(name) || known.size >= MAX_OPERATION_NAMES) return 'other';
  known.add(name);
  return name;
}
