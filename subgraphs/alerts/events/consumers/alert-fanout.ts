// Turns the changes other domains publish into deliveries owed, in the consumer's transaction (so
// an event is queued exactly once however often it is redelivered): one row per endpoint that
// subscribed to the alert type and may hear about the person *now*, by this domain's copies:
// a partner's endpoints for its active clients (alerts.partner_clients), a field office's for the
// people it supervises (alerts.supervised_people). A withdrawal goes to the withdrawing
// organisation only. Check-in's events name the A-number beside the enrollee id (events written
// before they did are looked up in supervised_people.enrollee_id), and a ComplianceChanged
// is compared with the level last seen (compliance_levels, kept here in the same transaction).
// Each gets its first attempt queued (delivery/queue.ts) in the same transaction; the delivery
// worker (delivery/worker.ts) sends them after the commit.
import { and, eq, inArray, isNull, or, sql } from 'drizzle-orm';
import type { DB } from '../../../../kit/database/db.js';
import type { Consumer } from '../../../shared/events/consumer.js';
import type { CloudEvent } from '../../../shared/events/envelope.js';
import type { ComplianceChangedData } from '../../../checkin/events/published.js';
import { complianceLevels, consumerOffsets, deadLetters, deliveries, outbox, partnerClients, supervisedPeople, webhookEndpoints } from '../../db/schema.js';
import { alertsFor, type CheckinPerson } from '../../delivery/payloads.js';
import { queueAttempts } from '../../delivery/queue.js';

/** For check-in's events: the person by this domain's copies, updating the compliance copy as it goes. */
async function checkinPerson(tx: DB, event: CloudEvent): Promise<CheckinPerson | null> {
  if (event.type !== 'CheckInMissed' && event.type !== 'ComplianceChanged') return null;
  const { enrolleeId } = event.data as { enrolleeId: string };
  let previous: CheckinPerson['previous'] = null;
  if (event.type === 'ComplianceChanged') {
    const data = event.data as ComplianceChangedData;
    // Row lock: two deliveries of changes for one person compare with each other's result, not the same old one.
    [previous = null] = await tx.select({ level: complianceLevels.level, consecutiveMisses: complianceLevels.consecutiveMisses }).from(complianceLevels).where(eq(complianceLevels.enrolleeId, enrolleeId)).for('update');
    const next = { level: data.level, consecutiveMisses: data.consecutiveMisses };
    await tx.insert(complianceLevels).values({ enrolleeId, ...next }).onConflictDoUpdate({ target: complianceLevels.enrolleeId, set: next });
  }
  // The event names the A-number (from check-in's own copy of the terms): enrollment's events,
  // on another stream, may not have reached supervised_people yet. Events from before it did not.
  const named = (event.data as { aNumber?: string | null }).aNumber;
  if (named) return { aNumber: named, previous };
  const [person] = await tx.select({ aNumber: supervisedPeople.aNumber }).from(supervisedPeople).where(eq(supervisedPeople.enrolleeId, enrolleeId)).limit(1);
  return person ? { aNumber: person.aNumber, previous } : null;
}

export const alertFanout: Consumer = {
  name: 'alerts.fanout',
  owner: 'alerts',
  ownerTables: { outbox, consumerOffsets, deadLetters },
  sources: ['docket', 'legal', 'enrollment', 'checkin'],
  async apply(tx: DB, event: CloudEvent) {
    for (const alert of alertsFor(event, await checkinPerson(tx, event))) {
      const owners = alert.organizationId
        ? eq(webhookEndpoints.organizationId, alert.organizationId)
        : or(
            inArray(webhookEndpoints.organizationId, tx.select({ id: partnerClients.organizationId }).from(partnerClients).where(eq(partnerClients.aNumber, alert.aNumber))),
            and(
              isNull(webhookEndpoints.organizationId),
              inArray(webhookEndpoints.fieldOfficeCode, tx.select({ code: supervisedPeople.fieldOfficeCode }).from(supervisedPeople).where(and(eq(supervisedPeople.aNumber, alert.aNumber), eq(supervisedPeople.active, true)))),
            ),
          );
      const recipients = await tx
        .select({ id: webhookEndpoints.id })
        .from(webhookEndpoints)
        .where(and(eq(webhookEndpoints.status, 'ACTIVE'), sql`${alert.type} = any(${webhookEndpoints.eventTypes})`, owners));
      if (!recipients.length) continue;
      const queued = await tx
        .insert(deliveries)
        .values(recipients.map((r) => ({ endpointId: r.id, eventType: alert.type, sourceEventId: event.id, aNumber: alert.aNumber, body: JSON.stringify(alert.body), occurredAt: new Date(event.time) })))
        .onConflictDoNothing()
        .returning({ id: deliveries.id });
      // Only rows this pass inserted: a redelivered event queues nothing twice.
      await queueAttempts(tx, queued.map((q) => q.id));
    }
  },
};
