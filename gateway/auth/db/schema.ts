// The gateway's own Postgres schema: API keys. Only the gateway (and `npm run keys`) touches it.
import { sql } from 'drizzle-orm';
import { customType, index, pgSchema, text, timestamp, uuid } from 'drizzle-orm/pg-core';

export const gateway = pgSchema('gateway');

export const callerKind = gateway.enum('caller_kind', ['staff', 'partner', 'developer']);

const bytea = customType<{ data: Buffer }>({ dataType: () => 'bytea' });

export const apiKeys = gateway.table(
  'api_keys',
  {
    /** Public half of the key (`sgk_<id>_<secret>`), used to find the row; not a secret. */
    id: text().primaryKey(),
    name: text().notNull(),
    kind: callerKind().notNull(),
    scopes: text().array().notNull(),
    /** For a partner: the legal organisation (legal.organizations.id) whose clients it may see. */
    organizationId: uuid('organization_id'),
    /** SHA-256 of the secret half. The secret itself is shown once and never stored. */
    secretHash: bytea('secret_hash').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
  },
  (t) => [index('api_keys_active_idx').on(t.kind).where(sql`revoked_at is null`)],
);

export type ApiKeyRow = typeof apiKeys.$inferSelect;
