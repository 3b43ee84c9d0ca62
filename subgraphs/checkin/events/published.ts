// The events the check-in domain publishes: a window was filled by a submission or excused, a window
// closed with nothing (time-driven, from a job), a person's compliance changed. No
// location and no excuse text: those stay in the check-in domain.
import { defineEvents, type EventData } from '../../shared/events/registry.js';
import { aNumber, boolean, count, dateTime, nullable, object, oneOf, uuid } from '../../shared/events/json-schema.js';
import { checkInMethod, consumerOffsets, deadLetters, identityVerification, outbox } from '../db/schema.js';

export const checkinEvents = defineEvents('checkin', { outbox, consumerOffsets, deadLetters }, {
  CheckInRecorded: {
    when: 'recordCheckIn filled a due window with a submission (a resend with the same idempotency key publishes nothing).',
    subject: 'The check-in id.',
    data: object({
      checkInId: uuid('The check-in.'),
      enrolleeId: uuid('The enrollee.'),
      windowOpensAt: dateTime('When the due window opened.'),
      windowClosesAt: dateTime('When it closed.'),
      submittedAt: dateTime('When the submission was made.'),
      late: boolean('Submitted after the window closed (before the next opened).'),
      method: oneOf(checkInMethod.enumValues, 'How the person checked in.'),
      identityVerification: nullable(oneOf(identityVerification.enumValues, 'The identity-verification result.')),
    }),
  },
  CheckInExcused: {
    when: 'excuseCheckIn excused a missed window (the reason stays in the check-in domain).',
    subject: 'The check-in id.',
    data: object({
      checkInId: uuid('The check-in row recording the excuse.'),
      enrolleeId: uuid('The enrollee.'),
      windowOpensAt: dateTime('When the due window opened.'),
      windowClosesAt: dateTime('When it closed.'),
    }),
  },
  CheckInMissed: {
    when: 'The compliance-evaluation job found a window that closed with nothing submitted and no excuse (time passing, not a write, decides it).',
    subject: 'The enrollee id.',
    data: object({
      enrolleeId: uuid('The enrollee.'),
      aNumber: nullable(aNumber("The person's A-number, from this domain's copy of the supervision terms; null when it holds none for them. Consumers that route by A-number (alerts) need no copy of enrollment's facts that could lag behind this event.")),
      windowOpensAt: dateTime('When the missed window opened.'),
      windowClosesAt: dateTime('When it closed.'),
    }),
  },
  ComplianceChanged: {
    when: "A person's compliance level, consecutive misses or current window changed: evaluated by the compliance-evaluation job as windows close and age, and by recordCheckIn / excuseCheckIn.",
    subject: 'The enrollee id.',
    data: object({
      enrolleeId: uuid('The enrollee.'),
      aNumber: nullable(aNumber("The person's A-number, from this domain's copy of the supervision terms; null when it holds none for them. Consumers that route by A-number (alerts) need no copy of enrollment's facts that could lag behind this event.")),
      level: nullable(oneOf(['COMPLIANT', 'AT_RISK', 'NON_COMPLIANT'] as const, 'The compliance level; null while no window has closed in the last 90 days.')),
      consecutiveMisses: count('Windows missed in a row, newest first, excused ones skipped.'),
      windowClosesAt: nullable(dateTime('When the window open at evaluatedAt closes, or else the next one; null without a supervision term in force.')),
      evaluatedAt: dateTime('The instant this was evaluated at.'),
    }),
  },
});

export type CheckInRecordedData = EventData<typeof checkinEvents, 'CheckInRecorded'>;
export type CheckInExcusedData = EventData<typeof checkinEvents, 'CheckInExcused'>;
export type CheckInMissedData = EventData<typeof checkinEvents, 'CheckInMissed'>;
export type ComplianceChangedData = EventData<typeof checkinEvents, 'ComplianceChanged'>;
