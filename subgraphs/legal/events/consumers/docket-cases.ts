// Keeps legal.docket_cases, the case -> A-number pairs fileRepresentation validates a case id
// against, from docket's CaseOpened events.
import type { DB } from '../../../../kit/database/db.js';
import type { Consumer } from '../../../shared/events/consumer.js';
import type { CloudEvent } from '../../../shared/events/envelope.js';
import type { CaseOpenedData } from '../../../docket/events/published.js';
import { casesSnapshot } from '../../../docket/events/snapshots.js';
import { consumerOffsets, deadLetters, docketCases, outbox } from '../../db/schema.js';

export const docketCasesCopy: Consumer = {
  name: 'legal.docket_cases',
  owner: 'legal',
  ownerTables: { outbox, consumerOffsets, deadLetters },
  sources: ['docket'],
  copy: { table: docketCases, snapshot: casesSnapshot },
  async apply(tx: DB, event: CloudEvent) {
    if (event.type !== 'CaseOpened') return;
    const data = event.data as CaseOpenedData;
    await tx.insert(docketCases).values({ caseId: data.caseId, aNumber: data.aNumber }).onConflictDoNothing();
  },
};
