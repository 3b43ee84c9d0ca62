// Does every copy equal its source? Each consumer that keeps a copy names its table and the snapshot
// its source publishes (snapshot.ts); the two are compared row for row, as text in one canonical
// form, each read in its own domain's database: first by count and digest (nothing leaves either
// database when they agree), then, when they differ, row by row to say which rows. `npm run
// events:check` prints this; tests end with it to show nothing was lost or applied twice.
import { and, eq, sql } from 'drizzle-orm';
import { getTableConfig, type PgTable } from 'drizzle-orm/pg-core';
import type { Consumer } from './consumer.js';
import { rowsOfQuery, type CopyOf, type Row } from './snapshot.js';
import type { EventDomain } from './transport.js';

export interface ReplicaReport {
  consumer: string;
  owner: string;
  source: string;
  snapshot: string;
  /** Rows of the source's snapshot the copy lacks, and rows of the copy the source does not have (the first `limit` of each). */
  missing: Row[];
  extra: Row[];
  missingCount: number;
  extraCount: number;
  /** The last source sequence the consumer applied, and the source outbox's last: below it, events are still on their way. */
  offset: number;
  sourceSequence: number;
}

export interface ReplicaCheckOptions {
  /** Only these consumers (by name); default every consumer with a copy. */
  consumers?: readonly string[];
  /** Rows listed per side (default 20); the counts are always complete. */
  limit?: number;
  /** While a copy differs and its consumer is behind its source, look again for up to this long (default 0). */
  settleMs?: number;
}

/** A copy's columns (all, or those named) as canonical text: timestamps in UTC to the microsecond, everything else as Postgres prints it. */
function rowText(table: PgTable, only?: readonly string[]): { expression: string; columns: string[] } {
  const all = getTableConfig(table).columns;
  const unknown = (only ?? []).filter((name) => !all.some((c) => c.name === name));
  if (unknown.length) throw new Error(`${qualified(table)} has no column ${unknown.join(', ')}`);
  const columns = only ? only.map((name) => all.find((c) => c.name === name)!) : all;
  const parts = columns.map((column) => {
    const name = `"${column.name}"`;
    const text = column.columnType === 'PgTimestamp' ? `to_char(${name} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US')` : `${name}::text`;
    return `coalesce(${text}, '\\N')`;
  });
  return { expression: parts.join(` || chr(9) || `), columns: columns.map((c) => c.name) };
}

function qualified(table: PgTable): string {
  const { schema, name } = getTableConfig(table);
  return `"${schema ?? 'public'}"."${name}"`;
}

interface Side {
  n: number;
  digest: string;
}

async function fingerprint(domain: EventDomain, relation: string, expression: string): Promise<Side> {
  const [row] = await rowsOfQuery<{ n: number; h: string }>(
    domain.db,
    `select count(*)::int as n, md5(coalesce(string_agg(k, chr(10) order by k collate "C"), '')) as h from (select ${expression} as k from ${relation} s) x`,
  );
  return { n: Number(row!.n), digest: row!.h };
}

async function texts(domain: EventDomain, relation: string, expression: string): Promise<Set<string>> {
  const rows = await rowsOfQuery<{ k: string }>(domain.db, `select ${expression} as k from ${relation} s`);
  return new Set(rows.map((r) => r.k));
}

async function offsetOf(owner: EventDomain, consumer: Consumer, source: string): Promise<number> {
  const offsets = consumer.ownerTables.consumerOffsets;
  const [row] = await owner.db.select({ sequence: offsets.sequence }).from(offsets).where(and(eq(offsets.consumer, consumer.name), eq(offsets.source, source)));
  return row?.sequence ?? 0;
}

async function lastSequence(source: EventDomain): Promise<number> {
  const outbox = source.published.tables.outbox;
  const [row] = await source.db.select({ n: sql<string | null>`max(${outbox.sequence})` }).from(outbox);
  return Number(row?.n ?? 0);
}

export interface CopyToCheck {
  owner: EventDomain;
  consumer: Consumer;
  copy: CopyOf;
  source: EventDomain;
}

function sourceOf(byName: Map<string, EventDomain>, consumer: Consumer, copy: CopyOf): EventDomain {
  const source = byName.get(copy.snapshot.source);
  if (!source) throw new Error(`${consumer.name}: its source ${copy.snapshot.source} is not among the domains given`);
  return source;
}

function unknownNames(all: readonly Consumer[], only: readonly string[] | undefined, what: string): void {
  const unknown = (only ?? []).filter((name) => !all.some((c) => c.name === name));
  if (unknown.length) throw new Error(`No consumer ${what} is named ${unknown.join(', ')} (there are: ${[...new Set(all.map((c) => c.name))].join(', ')})`);
}

/** The copies `pick` names for each consumer of `domains`, with owner and source, `only` those consumers if given. */
function copiesPicked(domains: readonly EventDomain[], pick: (consumer: Consumer) => readonly CopyOf[], only?: readonly string[]): CopyToCheck[] {
  const byName = new Map(domains.map((d) => [d.published.domain, d]));
  const all = domains.flatMap((owner) => owner.consumers.flatMap((consumer) => pick(consumer).map((copy) => ({ owner, consumer, copy }))));
  unknownNames(all.map((c) => c.consumer), only, 'keeping a copy');
  return all.filter(({ consumer }) => !only || only.includes(consumer.name)).map((c) => ({ ...c, source: sourceOf(byName, c.consumer, c.copy) }));
}

/** Every consumer of `domains` that keeps a copy it can rebuild, with its owner and its source (all of which must be in `domains`). */
export const copiesOf = (domains: readonly EventDomain[], only?: readonly string[]): CopyToCheck[] => copiesPicked(domains, (c) => (c.copy ? [c.copy] : []), only);

/** Every copy events:check compares: each consumer's copy and the parts of each read model. */
export const copiesToCheck = (domains: readonly EventDomain[], only?: readonly string[]): CopyToCheck[] => copiesPicked(domains, (c) => [...(c.copy ? [c.copy] : []), ...(c.checks ?? [])], only);

async function report({ owner, consumer, copy, source }: CopyToCheck, limit: number): Promise<ReplicaReport> {
  const { table, snapshot } = copy;
  const { expression, columns } = rowText(table, copy.columns);
  const copyRelation = copy.where ? `(select * from ${qualified(table)} where ${copy.where})` : qualified(table);
  const sourceRelation = `(${snapshot.sql})`;
  const [offset, sourceSequence, mine, theirs] = await Promise.all([
    offsetOf(owner, consumer, source.published.domain),
    lastSequence(source),
    fingerprint(owner, copyRelation, expression),
    fingerprint(source, sourceRelation, expression),
  ]);
  const base = { consumer: consumer.name, owner: owner.published.domain, source: source.published.domain, snapshot: snapshot.name, offset, sourceSequence };
  if (mine.n === theirs.n && mine.digest === theirs.digest) return { ...base, missing: [], extra: [], missingCount: 0, extraCount: 0 };
  const [copyRows, sourceRows] = await Promise.all([texts(owner, copyRelation, expression), texts(source, sourceRelation, expression)]);
  const missing = [...sourceRows].filter((k) => !copyRows.has(k));
  const extra = [...copyRows].filter((k) => !sourceRows.has(k));
  const asRow = (k: string): Row => Object.fromEntries(k.split('\t').map((v, i) => [columns[i]!, v === '\\N' ? null : v]));
  return { ...base, missing: missing.slice(0, limit).map(asRow), extra: extra.slice(0, limit).map(asRow), missingCount: missing.length, extraCount: extra.length };
}

const differs = (r: ReplicaReport) => r.missingCount > 0 || r.extraCount > 0;

/** One report per copy kept by a consumer of `domains` (each domain on its own handle, in its own database). */
export async function replicaReports(domains: readonly EventDomain[], options: ReplicaCheckOptions = {}): Promise<ReplicaReport[]> {
  const limit = options.limit ?? 20;
  const copies = copiesToCheck(domains, options.consumers);
  const deadline = Date.now() + (options.settleMs ?? 0);
  let reports = await Promise.all(copies.map((c) => report(c, limit)));
  while (reports.some((r) => differs(r) && r.offset < r.sourceSequence) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    reports = await Promise.all(copies.map((c) => report(c, limit)));
  }
  return reports;
}

/** The copies that differ from their sources; empty when every copy equals its source. */
export async function replicaDifferences(domains: readonly EventDomain[], options: ReplicaCheckOptions = {}): Promise<ReplicaReport[]> {
  return (await replicaReports(domains, options)).filter(differs);
}

/** A row as printed: the A-number, an identifier never logged, left out. */
const printable = (row: Row) => JSON.stringify(Object.fromEntries(Object.entries(row).map(([k, v]) => [k, k === 'a_number' && v !== null ? '(A-number)' : v])));

/** Human-readable: one line per copy, then the differing rows. */
export function formatReplicaReports(reports: readonly ReplicaReport[]): string {
  const lines: string[] = [];
  for (const r of reports) {
    const lag = r.offset < r.sourceSequence ? `, ${r.sourceSequence - r.offset} event(s) behind` : '';
    lines.push(`${differs(r) ? 'DIFFERS' : 'equal  '} ${r.consumer} <- ${r.snapshot} (offset ${r.offset} of ${r.sourceSequence}${lag})${differs(r) ? `: ${r.missingCount} missing, ${r.extraCount} extra` : ''}`);
    for (const row of r.missing) lines.push(`    missing ${printable(row)}`);
    if (r.missingCount > r.missing.length) lines.push(`    … ${r.missingCount - r.missing.length} more missing`);
    for (const row of r.extra) lines.push(`    extra   ${printable(row)}`);
    if (r.extraCount > r.extra.length) lines.push(`    … ${r.extraCount - r.extra.length} more extra`);
  }
  return lines.join('\n');
}
