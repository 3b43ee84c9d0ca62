// Row-level rule for partner keys: only people the partner's organisation actively represents.
// The set comes from the view the legal domain publishes for this (legal.active_clients), so no
// subgraph reads another's tables, and a person outside it looks exactly like one who does not exist.
import { sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';

/** `aNumber` belongs to one of `organizationId`'s active clients. */
export function isClientOf(aNumber: AnyPgColumn, organizationId: string): SQL {
  return sql`${aNumber} in (select a_number from legal.active_clients where organization_id = ${organizationId}::uuid)`;
}

/** The condition for a partner (`organizationId` set), or nothing for every other caller. */
export function clientCondition(aNumber: AnyPgColumn, organizationId: string | null): SQL | undefined {
  return organizationId ? isClientOf(aNumber, organizationId) : undefined;
}
