// Keeps alerts.supervised_people (A-number -> field office, active or not, and enrollee id) from
// enrollment's EnrollmentStarted / EnrollmentEnded: the people a field office's staff endpoint hears
// about, and the map from check-in's enrollee ids to the A-numbers alerts are about.
import { eq } from 'drizzle-orm';
import type { DB } from '../../../../kit/database/db.js';
import type { Consumer } from '../../../shared/events/consumer.js';
import type { CloudEvent } from '../../../shared/events/envelope.js';
import type { EnrollmentEndedData, EnrollmentStartedData } from '../../../enrollment/events/published.js';
import { supervisedPeopleSnapshot } from '../../../enrollment/events/snapshots.js';
import { consumerOffsets, deadLetters, outbox, supervisedPeople } from '../../db/schema.js';

export const supervisedPeopleCopy: Consumer = {
  name: 'alerts.supervised_people',
  owner: 'alerts',
  ownerTables: { outbox, consumerOffsets, deadLetters },
  sources: ['enrollment'],
  // Rebuildable from enrollment's snapshot (events:rebuild alerts.supervised_people): also how rows
  // written before enrollee_id existed get theirs.
  copy: { table: supervisedPeople, snapshot: supervisedPeopleSnapshot },
  async apply(tx: DB, event: CloudEvent) {
    if (event.type === 'EnrollmentStarted') {
      const data = event.data as EnrollmentStartedData;
      const row = { aNumber: data.aNumber, fieldOfficeCode: data.fieldOfficeCode, active: true, enrolleeId: data.enrolleeId };
      await tx.insert(supervisedPeople).values(row).onConflictDoUpdate({ target: supervisedPeople.aNumber, set: row });
    } else if (event.type === 'EnrollmentEnded') {
      const data = event.data as EnrollmentEndedData;
      await tx.update(supervisedPeople).set({ active: false }).where(eq(supervisedPeople.aNumber, data.aNumber));
    }
  },
};
