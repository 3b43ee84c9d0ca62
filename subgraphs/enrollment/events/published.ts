// The events the enrollment domain publishes: who is supervised how, from when. Check-in keeps its
// copy of the supervision terms from these; payloads carry ids and terms, never personal data.
import { defineEvents, type EventData } from '../../shared/events/registry.js';
import { aNumber, code, dateTime, integer, object, oneOf, uuid } from '../../shared/events/json-schema.js';
import { checkInCadence, consumerOffsets, deadLetters, enrollmentStatus, outbox, technology } from '../db/schema.js';

const ENDED = enrollmentStatus.enumValues.filter((s) => s !== 'ACTIVE') as ['TRANSITIONED_OUT', 'TERMINATED', 'ABSCONDED'];

export const enrollmentEvents = defineEvents('enrollment', { outbox, consumerOffsets, deadLetters }, {
  EnrollmentStarted: {
    when: 'enroll began an ACTIVE enrollment (creating the enrollee when the A-number was new).',
    subject: 'The enrollment id.',
    data: object({
      enrollmentId: uuid('The new enrollment.'),
      enrolleeId: uuid("The enrollee (the enrollment domain's id for the person)."),
      aNumber: aNumber(),
      fieldOfficeCode: code('The ERO field office, e.g. CHI.'),
      technology: oneOf(technology.enumValues, 'The supervision technology in force from startedAt.'),
      checkInCadence: oneOf(checkInCadence.enumValues, 'The check-in cadence in force from startedAt.'),
      status: oneOf(['ACTIVE'] as const, 'Always ACTIVE.'),
      startedAt: dateTime('When supervision began.'),
      nameOrder: code("The person's place in family-name order, as an order key (digits; byte order is the order). Never the name."),
      dailyCostCents: integer('What one day of this supervision costs the program, in US cents.'),
    }),
  },
  SupervisionChanged: {
    when: 'changeSupervision changed the technology and/or cadence of an active enrollment from effectiveAt on.',
    subject: 'The enrollment id.',
    data: object({
      enrollmentId: uuid('The enrollment changed.'),
      enrolleeId: uuid('The enrollee.'),
      aNumber: aNumber(),
      effectiveAt: dateTime('When the new terms took effect (the previous period ends here).'),
      technologyBefore: oneOf(technology.enumValues, 'The technology before the change.'),
      checkInCadenceBefore: oneOf(checkInCadence.enumValues, 'The cadence before the change.'),
      technology: oneOf(technology.enumValues, 'The technology from effectiveAt.'),
      checkInCadence: oneOf(checkInCadence.enumValues, 'The cadence from effectiveAt.'),
      dailyCostCents: integer('What one day of supervision costs from effectiveAt, in US cents.'),
    }),
  },
  EnrollmentEnded: {
    when: 'endEnrollment ended an active enrollment (the reason stays in the enrollment domain).',
    subject: 'The enrollment id.',
    data: object({
      enrollmentId: uuid('The enrollment that ended.'),
      enrolleeId: uuid('The enrollee.'),
      aNumber: aNumber(),
      status: oneOf(ENDED, 'How it ended.'),
      endedAt: dateTime('When supervision ended.'),
    }),
  },
});

export type EnrollmentStartedData = EventData<typeof enrollmentEvents, 'EnrollmentStarted'>;
export type SupervisionChangedData = EventData<typeof enrollmentEvents, 'SupervisionChanged'>;
export type EnrollmentEndedData = EventData<typeof enrollmentEvents, 'EnrollmentEnded'>;
