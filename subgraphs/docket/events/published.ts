// The events the court-docket domain publishes: cases opened, hearings scheduled, moved and held.
// Payloads carry ids, courts and times; judges' names and adjournment reasons stay in the docket.
import { defineEvents, type EventData } from '../../shared/events/registry.js';
import { aNumber, boolean, code, date, dateTime, list, nullable, object, oneOf, uuid } from '../../shared/events/json-schema.js';
import {
  attendance,
  caseDecision,
  caseStatus,
  caseType,
  consumerOffsets,
  deadLetters,
  hearingCalendar,
  hearingMedium,
  hearingStatus,
  outbox,
} from '../db/schema.js';

const hearingFacts = {
  hearingId: uuid('The hearing.'),
  caseId: uuid('Its case.'),
  aNumber: aNumber(),
  courtCode: code('The immigration court, e.g. CHI.'),
  scheduledAt: dateTime('When the hearing starts.'),
  calendar: oneOf(hearingCalendar.enumValues, 'MASTER, INDIVIDUAL or BOND.'),
  medium: oneOf(hearingMedium.enumValues, 'In person, video or telephonic.'),
};

export const docketEvents = defineEvents('docket', { outbox, consumerOffsets, deadLetters }, {
  CaseOpened: {
    when: 'A case was docketed. No mutation opens cases yet: seeded cases are loaded with every copy of them filled (scripts/lib/seed/replicas.ts).',
    subject: 'The case id.',
    data: object({
      caseId: uuid('The case.'),
      aNumber: aNumber(),
      caseType: oneOf(caseType.enumValues, 'Removal, asylum-only or withholding-only.'),
      courtCode: code('The immigration court.'),
      status: oneOf(caseStatus.enumValues, 'PENDING or COMPLETED.'),
      noticeToAppearDate: date('The date of the notice to appear.'),
    }),
  },
  HearingScheduled: {
    when: 'scheduleHearing put a new SCHEDULED hearing on a pending case.',
    subject: 'The hearing id.',
    data: object({ ...hearingFacts, status: oneOf(['SCHEDULED'] as const, 'Always SCHEDULED.') }),
  },
  HearingRescheduled: {
    when: 'rescheduleHearing adjourned a SCHEDULED hearing and scheduled its replacement (the reason stays in the docket).',
    subject: 'The adjourned hearing id.',
    data: object({
      ...hearingFacts,
      hearingId: uuid('The hearing now ADJOURNED.'),
      previousScheduledAt: dateTime('When the adjourned hearing was to start.'),
      replacementHearingId: uuid('The new SCHEDULED hearing.'),
      scheduledAt: dateTime('When the replacement starts.'),
      medium: oneOf(hearingMedium.enumValues, "The replacement's medium."),
    }),
  },
  HearingOutcomeRecorded: {
    when: 'recordHearingOutcome marked a hearing HELD with its attendance; with a decision the case completed and its other scheduled hearings were cancelled.',
    subject: 'The hearing id.',
    data: object({
      hearingId: uuid('The hearing held.'),
      caseId: uuid('Its case.'),
      aNumber: aNumber(),
      status: oneOf(hearingStatus.enumValues.filter((s) => s === 'HELD') as ['HELD'], 'Always HELD.'),
      attendance: oneOf(attendance.enumValues, 'APPEARED or FAILED_TO_APPEAR.'),
      caseStatus: oneOf(caseStatus.enumValues, "The case's status afterwards."),
      decision: nullable(oneOf(caseDecision.enumValues, 'The decision, when one was recorded.')),
      decidedAt: nullable(dateTime('When the case was decided; null without a decision.')),
      inAbsentia: boolean('The decision was made in the respondent\'s absence (a decision with FAILED_TO_APPEAR).'),
      cancelledHearingIds: list(uuid('A hearing cancelled.'), "The case's other SCHEDULED hearings, cancelled by the decision."),
    }),
  },
});

export type CaseOpenedData = EventData<typeof docketEvents, 'CaseOpened'>;
export type HearingScheduledData = EventData<typeof docketEvents, 'HearingScheduled'>;
export type HearingRescheduledData = EventData<typeof docketEvents, 'HearingRescheduled'>;
export type HearingOutcomeRecordedData = EventData<typeof docketEvents, 'HearingOutcomeRecorded'>;
