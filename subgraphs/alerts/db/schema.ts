// Tables of the `alerts` Postgres schema: the endpoints partners and field offices register, the
// deliveries owed to them (the durable queue the worker drains), and the copies of other domains'
// facts that decide who an alert may go to (fed by events; never read from their tables).
import { sql } from 'drizzle-orm';
import { boolean, char, index, integer, pgSchema, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { auditEventsTable } from '../../shared/audit.js';
import { eventTables } from '../../shared/events/tables.js';
import { partnerClientsTable } from '../../shared/partner-clients.js';

export const alerts = pgSchema('alerts');

export const endpointStatus = alerts.enum('endpoint_status', ['ACTIVE', 'DISABLED']);
export const deliveryStatus = alerts.enum('delivery_status', ['PENDING', 'DELIVERED', 'FAILED', 'CANCELLED']);

export const webhookEndpoints = alerts.table(
  'webhook_endpoints',
  {
    id: uuid().primaryKey().defaultRandom(),
    /** The partner organisation that owns it; null for a field office's (staff) endpoint. */
    organizationId: uuid('organization_id'),
    /** The ERO field office a staff endpoint follows; null for a partner's. */
    fieldOfficeCode: text('field_office_code'),
    url: text().notNull(),
    description: text().notNull(),
    /** Wire names (`hearing.rescheduled`), see delivery/event-types.ts. */
    eventTypes: text('event_types').array().notNull(),
    /** The `whsec_…` secret, sealed under WEBHOOK_SECRET_KEY (delivery/secret-box.ts): kept to sign with (a signing secret cannot be hashed); shown to the owner once. */
    secret: text().notNull(),
    /** After a rotation the old secret (sealed too) signs as well, until this instant, so receivers can switch over. */
    previousSecret: text('previous_secret'),
    previousSecretUntil: timestamp('previous_secret_until', { withTimezone: true }),
    status: endpointStatus().notNull().default('ACTIVE'),
    disabledReason: text('disabled_reason'),
    disabledAt: timestamp('disabled_at', { withTimezone: true }),
    /** The first failure of the current unbroken run of failures; null after a success. */
    failingSince: timestamp('failing_since', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('webhook_endpoints_organization_idx').on(t.organizationId, t.createdAt, t.id),
    index('webhook_endpoints_field_office_idx').on(t.fieldOfficeCode, t.createdAt, t.id),
  ],
);

export const deliveries = alerts.table(
  'deliveries',
  {
    /** Also the `webhook-id` (as `msg_<id>`), the same on every attempt. */
    id: uuid().primaryKey().defaultRandom(),
    endpointId: uuid('endpoint_id')
      .notNull()
      .references(() => webhookEndpoints.id, { onDelete: 'cascade' }),
    eventType: text('event_type').notNull(),
    /** The domain event it reports (null for a test delivery): one delivery per endpoint and event. */
    sourceEventId: uuid('source_event_id'),
    aNumber: char('a_number', { length: 10 }),
    /** The exact bytes sent on every attempt (JSON of identifiers and facts only), signed as they are. */
    body: text().notNull(),
    status: deliveryStatus().notNull().default('PENDING'),
    attempts: integer().notNull().default(0),
    /** When the worker may next try; while an attempt runs, the end of its lease. */
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull().defaultNow(),
    lastAttemptAt: timestamp('last_attempt_at', { withTimezone: true }),
    lastResponseStatus: integer('last_response_status'),
    /** Why the last attempt failed, in our words (never the receiver's response body). */
    lastError: text('last_error'),
    /** The change's commit time in its domain (the CloudEvent's time), for latency. */
    occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull(),
    deliveredAt: timestamp('delivered_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique('deliveries_endpoint_event_key').on(t.endpointId, t.sourceEventId, t.eventType),
    index('deliveries_due_idx').on(t.nextAttemptAt).where(sql`status = 'PENDING'`),
    index('deliveries_endpoint_idx').on(t.endpointId, t.createdAt.desc(), t.id.desc()),
  ],
);

/** Each partner organisation's active clients, from legal's events (shared/partner-clients.ts). */
export const partnerClients = partnerClientsTable(alerts);

/**
 * Who is supervised by which field office, from enrollment's events: what staff endpoints follow,
 * and the enrollee id -> A-number map that check-in's events (which carry only the enrollee id) are
 * turned into alerts about an A-number with.
 */
export const supervisedPeople = alerts.table(
  'supervised_people',
  {
    aNumber: char('a_number', { length: 10 }).primaryKey(),
    fieldOfficeCode: text('field_office_code').notNull(),
    active: boolean().notNull(),
    /**
     * The enrollment domain's id for the person (EnrollmentStarted's enrolleeId). Null only on rows
     * written before this column existed, until `npm run events:rebuild alerts.supervised_people`
     * (or the person's next EnrollmentStarted) fills it.
     */
    enrolleeId: uuid('enrollee_id'),
  },
  (t) => [index('supervised_people_field_office_idx').on(t.fieldOfficeCode), unique('supervised_people_enrollee_key').on(t.enrolleeId)],
);

/**
 * The compliance level check-in last published for each person (ComplianceChanged), kept by the
 * fan-out consumer in the transaction that turns a change into alerts: what a `compliance.changed`
 * alert states as the previous level (the event carries only the new one). No row: nothing known yet.
 */
export const complianceLevels = alerts.table('compliance_levels', {
  enrolleeId: uuid('enrollee_id').primaryKey(),
  /** COMPLIANT, AT_RISK or NON_COMPLIANT; null while no window has closed in the last 90 days. */
  level: text(),
  consecutiveMisses: integer('consecutive_misses').notNull(),
});

export type WebhookEndpointRow = typeof webhookEndpoints.$inferSelect;
export type DeliveryRow = typeof deliveries.$inferSelect;

/** This domain's append-only audit trail (see shared/audit.ts). */
export const auditEvents = auditEventsTable(alerts);

/** Outbox, consumer offsets and dead letters (shared/events/tables.ts). */
export const { outbox, consumerOffsets, deadLetters } = eventTables(alerts);
