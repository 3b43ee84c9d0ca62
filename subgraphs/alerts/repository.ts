// The only code in the alerts subgraph that calls drizzle for reads and writes of its own schema.
import { and, asc, desc, eq, isNull, sql, type SQL } from 'drizzle-orm';
import type { DB } from '../../kit/database/db.js';
import type { Page } from '../shared/pagination.js';
import { anyOf } from '../shared/any-of.js';
import { deliveries, webhookEndpoints, type DeliveryRow, type WebhookEndpointRow } from './db/schema.js';

/** Whose endpoints a caller manages: a partner's organisation, or (staff) every field office's. */
export type Owner = { organizationId: string } | { fieldOffices: true };

export function ownedBy(owner: Owner): SQL {
  return 'organizationId' in owner ? eq(webhookEndpoints.organizationId, owner.organizationId) : isNull(webhookEndpoints.organizationId);
}

export type EndpointSortKey = [createdAt: string, id: string];
export const endpointSortKey = (row: WebhookEndpointRow): EndpointSortKey => [row.createdAt.toISOString(), row.id];

export function listEndpoints(db: DB, owner: Owner, page: Page<EndpointSortKey>) {
  const after = page.after && sql`(${webhookEndpoints.createdAt}, ${webhookEndpoints.id}) > (${page.after[0]}::timestamptz, ${page.after[1]}::uuid)`;
  return db
    .select()
    .from(webhookEndpoints)
    .where(and(ownedBy(owner), after ?? undefined))
    .orderBy(asc(webhookEndpoints.createdAt), asc(webhookEndpoints.id))
    .limit(page.limit + 1);
}

/** The endpoint `id` if `owner` owns it; `lock` holds its row until the transaction ends (a change decided on its state). */
export async function findOwnedEndpoint(db: DB, owner: Owner, id: string, lock = false): Promise<WebhookEndpointRow | undefined> {
  const query = db.select().from(webhookEndpoints).where(and(eq(webhookEndpoints.id, id), ownedBy(owner)));
  const [row] = await (lock ? query.for('update') : query);
  return row;
}

export type DeliverySortKey = [createdAt: string, id: string];
export const deliverySortKey = (row: DeliveryRow): DeliverySortKey => [row.createdAt.toISOString(), row.id];

export interface DeliveryPageKey {
  endpointId: string;
  limit: number;
  after: DeliverySortKey | null;
}

/**
 * Several endpoints' pages of deliveries, newest first, in one statement: each endpoint's rows
 * numbered by a window, cut to its page's size (+1 to tell whether more follow).
 */
export async function findDeliveryPages(db: DB, keys: readonly DeliveryPageKey[]): Promise<DeliveryRow[][]> {
  if (!keys.length) return [];
  const pages = await Promise.all(
    // One statement per distinct cursor (nearly always one: every endpoint's first page).
    groupBy(keys, (k) => JSON.stringify([k.limit, k.after])).map(async (group) => {
      const { limit, after } = group[0]!;
      const cursor = after && sql`(${deliveries.createdAt}, ${deliveries.id}) < (${after[0]}::timestamptz, ${after[1]}::uuid)`;
      const numbered = db
        .select({ id: deliveries.id, n: sql<number>`row_number() over (partition by ${deliveries.endpointId} order by ${deliveries.createdAt} desc, ${deliveries.id} desc)`.as('n') })
        .from(deliveries)
        .where(and(anyOf(deliveries.endpointId, group.map((k) => k.endpointId)), cursor ?? undefined))
        .as('numbered');
      const rows = await db
        .select({ delivery: deliveries })
        .from(deliveries)
        .innerJoin(numbered, eq(numbered.id, deliveries.id))
        .where(sql`${numbered.n} <= ${limit + 1}`)
        .orderBy(desc(deliveries.createdAt), desc(deliveries.id));
      return { group, rows: rows.map((r) => r.delivery) };
    }),
  );
  const byKey = new Map<DeliveryPageKey, DeliveryRow[]>();
  for (const { group, rows } of pages) for (const key of group) byKey.set(key, rows.filter((r) => r.endpointId === key.endpointId));
  return keys.map((key) => byKey.get(key) ?? []);
}

function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): T[][] {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    groups.set(key, [...(groups.get(key) ?? []), item]);
  }
  return [...groups.values()];
}
