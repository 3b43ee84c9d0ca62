// Bulk loading with COPY ... FROM STDIN (text format) on both drivers: pg-copy-streams over a pooled
// connection, PGlite's COPY FROM '/dev/blob'. One transaction per batch (a chunk of people) and
// database: with each domain in its own database, each domain's part of the chunk commits there.
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { from as copyFrom } from 'pg-copy-streams';
import type { Databases } from '../../../kit/database/databases.js';
import type { Driver } from '../../../kit/database/db.js';
import { TABLES, type TableKey } from './tables.js';

const SPECIAL = /[\\\t\n\r]/;

function field(value: unknown): string {
  if (value === null || value === undefined) return '\\N';
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'boolean') return value ? 't' : 'f';
  const text = String(value);
  return SPECIAL.test(text) ? text.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r') : text;
}

/** Rows of one load, kept as COPY text lines so memory is compact. */
export class Batch {
  readonly lines = new Map<TableKey, string[]>();
  rowCount = 0;

  add(table: TableKey, row: readonly unknown[]): void {
    let lines = this.lines.get(table);
    if (!lines) this.lines.set(table, (lines = []));
    let line = field(row[0]);
    for (let i = 1; i < row.length; i++) line += '\t' + field(row[i]);
    lines.push(line + '\n');
    this.rowCount++;
  }

  count(table: TableKey): number {
    return this.lines.get(table)?.length ?? 0;
  }
}

const copySql = (table: TableKey) => `COPY ${TABLES[table][0]} (${TABLES[table][1].join(', ')}) FROM STDIN`;

/** ~1 MB pieces so neither side holds one giant string. */
function* pieces(lines: string[]): Generator<string> {
  let piece = '';
  for (const line of lines) {
    piece += line;
    if (piece.length > 1 << 20) {
      yield piece;
      piece = '';
    }
  }
  if (piece) yield piece;
}

/** The part (subgraph) owning a table: its schema. */
export const partOf = (table: TableKey): string => TABLES[table][0].split('.')[0]!;

/** Loads a batch's tables in the given order (parents first), in one transaction per database. */
export async function writeBatch(databases: Databases, batch: Batch, order: readonly TableKey[]): Promise<void> {
  const present = order.filter((t) => batch.count(t) > 0);
  await Promise.all(
    databases.groups().map(({ driver, parts }) => {
      const tables = present.filter((t) => parts.includes(partOf(t)));
      return tables.length ? writeTables(driver, batch, tables) : undefined;
    }),
  );
}

async function writeTables(driver: Driver, batch: Batch, tables: readonly TableKey[]): Promise<void> {
  if (driver.kind === 'pglite') {
    await driver.client.transaction(async (tx) => {
      for (const table of tables) {
        const blob = new Blob([...pieces(batch.lines.get(table)!)]);
        await tx.query(copySql(table).replace('STDIN', "'/dev/blob'"), [], { blob });
      }
    });
    return;
  }
  const client = await driver.client.connect();
  try {
    await client.query('BEGIN');
    for (const table of tables) {
      await pipeline(Readable.from(pieces(batch.lines.get(table)!)), client.query(copyFrom(copySql(table))));
    }
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}
