// Row-level rule for partner keys: only people the partner's organisation actively represents.
// This module is the one place that decides "is this person a client of this organisation": every
// subgraph builds its partner filter from `clientCondition`, inside its loaders and repository, so
// no entry point (root field, list, count, `_entities`) relies on a parent having been filtered.
// Each domain keeps its own copy of who that is (`<domain>.partner_clients`), fed by the legal
// domain's RepresentationFiled / RepresentationWithdrawn events, so no subgraph reads another's
// tables; a person outside it looks exactly like one who does not exist.
import DataLoader from 'dataloader';
import { and, eq, sql, type SQL } from 'drizzle-orm';
import { char, getTableConfig, index, uuid, type AnyPgColumn, type PgSchema, type PgTable } from 'drizzle-orm/pg-core';
import { anyOf } from './any-of.js';
import type { DB } from '../../kit/database/db.js';
import type { CloudEvent } from './events/envelope.js';
import type { Consumer } from './events/consumer.js';
import type { EventTables } from './events/tables.js';
import type { RepresentationFiledData, RepresentationWithdrawnData } from '../legal/events/published.js';
import { activeClientsSnapshot } from '../legal/events/snapshots.js';

/**
 * One row per active representation that has an organisation: a person is an organisation's client
 * while at least one such row exists. Keyed by representation so a withdrawal removes exactly the
 * representation it ends (the person stays a client through another).
 */
export function partnerClientsTable(schema: PgSchema<string>) {
  return schema.table(
    'partner_clients',
    {
      representationId: uuid('representation_id').primaryKey(),
      organizationId: uuid('organization_id').notNull(),
      aNumber: char('a_number', { length: 10 }).notNull(),
    },
    (t) => [index('partner_clients_organization_idx').on(t.organizationId, t.aNumber)],
  );
}

export type PartnerClientsTable = ReturnType<typeof partnerClientsTable>;

/** The copy's consumer for the domain `owner`; each domain's events/consumers/ binds its own. */
export function partnerClientsConsumer(owner: string, ownerTables: EventTables, clients: PartnerClientsTable): Consumer {
  return {
    name: `${owner}.partner_clients`,
    owner,
    ownerTables,
    sources: ['legal'],
    copy: { table: clients, snapshot: activeClientsSnapshot },
    async apply(tx: DB, event: CloudEvent) {
      if (event.type === 'RepresentationFiled') {
        const data = event.data as RepresentationFiledData;
        if (!data.organizationId) return;
        await tx.insert(clients).values({ representationId: data.representationId, organizationId: data.organizationId, aNumber: data.aNumber }).onConflictDoNothing();
      } else if (event.type === 'RepresentationWithdrawn') {
        const data = event.data as RepresentationWithdrawnData;
        await tx.delete(clients).where(eq(clients.representationId, data.representationId));
      }
    },
  };
}

const schemaOfTable = new WeakMap<object, string>();
function schemaOf(column: AnyPgColumn): string {
  const table = column.table as PgTable;
  let schema = schemaOfTable.get(table);
  if (!schema) schemaOfTable.set(table, (schema = getTableConfig(table).schema ?? 'public'));
  return schema;
}

/**
 * `column` belongs to one of `organizationId`'s active clients, read from the copy kept in the
 * column's own schema (so the rule can never reach into another domain). `column` is an A-number,
 * or, in check-in (which knows people by enrollee id), an enrollee id, mapped through the
 * supervision terms check-in keeps.
 */
export function isClientOf(column: AnyPgColumn, organizationId: string): SQL {
  const schema = sql.identifier(schemaOf(column));
  if (column.name === 'enrollee_id') {
    return sql`${column} in (select t.enrollee_id from ${schema}.supervision_terms t join ${schema}.partner_clients c on c.a_number = t.a_number where c.organization_id = ${organizationId}::uuid)`;
  }
  return sql`${column} in (select a_number from ${schema}.partner_clients where organization_id = ${organizationId}::uuid)`;
}

/** The condition for a partner (`organizationId` set), or nothing for every other caller. */
export function clientCondition(column: AnyPgColumn, organizationId: string | null): SQL | undefined {
  return organizationId ? isClientOf(column, organizationId) : undefined;
}

/**
 * Which of `keys` (values of `key`) name records of active clients of `organizationId`, in one
 * statement over `key`'s own table. `person` is the column of that table naming the person (an
 * A-number, or check-in's enrollee id); by default `key` itself.
 */
export async function clientsAmong(db: DB, key: AnyPgColumn, keys: readonly string[], organizationId: string, person: AnyPgColumn = key): Promise<string[]> {
  const rows = await db
    .selectDistinct({ key })
    .from(key.table as PgTable)
    .where(and(anyOf(key, keys), isClientOf(person, organizationId)));
  return rows.map((r) => String(r.key));
}

/**
 * Per request: may the caller see the record with this key (a person, or a record naming one, see
 * `clientsAmong`)? For a partner, one batched statement answers a whole batch; for every other
 * caller, everything, without a query.
 */
export function visibilityLoader(db: DB, organizationId: string | null, key: AnyPgColumn, person: AnyPgColumn = key) {
  return new DataLoader<string, boolean>(async (keys) => {
    if (!organizationId) return keys.map(() => true);
    const visible = new Set(await clientsAmong(db, key, keys, organizationId, person));
    return keys.map((k) => visible.has(k));
  });
}
