// Batched reads by key: `column = any($1::type[])`, the whole list bound as one array parameter.
// drizzle's inArray writes one placeholder per key, so the statement text changed with every batch
// size and building it cost 2.4x as much CPU for a page of 50 (BENCHMARKS.md); Postgres plans both
// forms the same way (an index scan with an array condition).
import { sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';

/** `column` equals one of `values` (none: no rows). */
export function anyOf(column: AnyPgColumn, values: readonly (string | number)[]): SQL {
  return sql`${column} = any(${sql.param([...values])}::${sql.raw(column.getSQLType())}[])`;
}
