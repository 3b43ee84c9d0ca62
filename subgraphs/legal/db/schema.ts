// Tables of the `legal` Postgres schema. People are known here by A-number, cases by the docket's id.
import { auditEventsTable } from '../../shared/audit.js';
import { and, isNotNull, isNull, sql } from 'drizzle-orm';
import { eventTables } from '../../shared/events/tables.js';
import { boolean, char, index, pgSchema, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

export const legal = pgSchema('legal');

export const organizationKind = legal.enum('organization_kind', ['RECOGNIZED_NONPROFIT', 'LAW_FIRM']);
export const representativeKind = legal.enum('representative_kind', ['ATTORNEY', 'ACCREDITED_REPRESENTATIVE']);
export const representationForm = legal.enum('representation_form', ['EOIR_28', 'G_28']);
export const representationScope = legal.enum('representation_scope', ['ALL_PROCEEDINGS', 'CUSTODY_AND_BOND_ONLY', 'LIMITED']);

export const organizations = legal.table(
  'organizations',
  {
    id: uuid().primaryKey().defaultRandom(),
    name: text().notNull(),
    kind: organizationKind().notNull(),
    city: text().notNull(),
    state: char({ length: 2 }).notNull(),
  },
  (t) => [index('organizations_name_idx').on(t.name, t.id)],
);

export const representatives = legal.table(
  'representatives',
  {
    id: uuid().primaryKey().defaultRandom(),
    givenName: text('given_name').notNull(),
    familyName: text('family_name').notNull(),
    kind: representativeKind().notNull(),
    barNumber: text('bar_number'),
    eoirId: text('eoir_id').notNull().unique(),
    organizationId: uuid('organization_id').references(() => organizations.id),
  },
  (t) => [index('representatives_organization_idx').on(t.organizationId, t.familyName)],
);

export const representations = legal.table(
  'representations',
  {
    id: uuid().primaryKey().defaultRandom(),
    aNumber: char('a_number', { length: 10 }).notNull(),
    // The docket domain's case id for an EOIR-28; null for a G-28 before DHS.
    caseId: uuid('case_id'),
    representativeId: uuid('representative_id').notNull().references(() => representatives.id),
    organizationId: uuid('organization_id').references(() => organizations.id),
    form: representationForm().notNull(),
    scope: representationScope().notNull(),
    isPrimary: boolean('is_primary').notNull(),
    filedAt: timestamp('filed_at', { withTimezone: true }).notNull(),
    withdrawnAt: timestamp('withdrawn_at', { withTimezone: true }),
    // Free text from the representative (may be personal): never copied into logs or the audit trail.
    // Null while active, and for withdrawals recorded before reasons were kept (seeded history).
    withdrawalReason: text('withdrawal_reason'),
  },
  (t) => [
    index('representations_person_idx').on(t.aNumber, t.filedAt.desc()),
    index('representations_case_idx').on(t.caseId).where(sql`withdrawn_at is null`),
    index('representations_clients_idx').on(t.organizationId, t.aNumber).where(sql`withdrawn_at is null`),
    // At most one active primary representative per case, enforced by the database.
    uniqueIndex('representations_one_primary_idx')
      .on(t.caseId)
      .where(sql`is_primary and withdrawn_at is null and case_id is not null`),
  ],
);

/**
 * This domain's copy of the docket's case -> A-number pairs, fed by docket's CaseOpened events, so
 * fileRepresentation can check a case id without reading the docket's tables.
 */
export const docketCases = legal.table('docket_cases', {
  caseId: uuid('case_id').primaryKey(),
  aNumber: char('a_number', { length: 10 }).notNull(),
});

/**
 * The legal domain's own answer to "who are each organisation's active clients", in the shape every
 * other domain's copy has (shared/partner-clients.ts reads `<schema>.partner_clients`): the active
 * representations that name an organisation. A view over this domain's own table, so legal filters
 * partners' reads by the same rule, from the source the copies are fed from.
 */
export const partnerClients = legal.view('partner_clients').as((qb) =>
  qb
    .select({ representationId: sql<string>`${representations.id}`.as('representation_id'), organizationId: representations.organizationId, aNumber: representations.aNumber })
    .from(representations)
    .where(and(isNull(representations.withdrawnAt), isNotNull(representations.organizationId))),
);

export type OrganizationRow = typeof organizations.$inferSelect;
export type RepresentativeRow = typeof representatives.$inferSelect;
export type RepresentationRow = typeof representations.$inferSelect;

/** This domain's append-only audit trail (see shared/audit.ts). */
export const auditEvents = auditEventsTable(legal);

/** Outbox, consumer offsets and dead letters (shared/events/tables.ts). */
export const { outbox, consumerOffsets, deadLetters } = eventTables(legal);
