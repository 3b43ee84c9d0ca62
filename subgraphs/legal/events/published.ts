// The events the legal-representation domain publishes. Who represents whom is what the other
// domains filter partner keys by; payloads name records and organisations by id, never people.
import { defineEvents, type EventData } from '../../shared/events/registry.js';
import { aNumber, boolean, dateTime, nullable, object, oneOf, uuid } from '../../shared/events/json-schema.js';
import { consumerOffsets, deadLetters, outbox, representationForm, representationScope } from '../db/schema.js';

export const legalEvents = defineEvents('legal', { outbox, consumerOffsets, deadLetters }, {
  RepresentationFiled: {
    when: 'fileRepresentation recorded a notice of appearance (EOIR-28 on a court case, G-28 before DHS).',
    subject: 'The representation id.',
    data: object({
      representationId: uuid('The new representation.'),
      aNumber: aNumber(),
      organizationId: nullable(uuid("The representative's organisation; null for a representative without one.")),
      representativeId: uuid('The representative who filed.'),
      caseId: nullable(uuid("The docket's case id for an EOIR-28; null for a G-28.")),
      form: oneOf(representationForm.enumValues, 'EOIR_28 or G_28.'),
      scope: oneOf(representationScope.enumValues, 'What the representation covers.'),
      isPrimary: boolean('Whether this is the primary representation on the case.'),
      filedAt: dateTime('When it was filed.'),
    }),
  },
  RepresentationWithdrawn: {
    when: 'withdrawRepresentation ended an active representation (the reason stays in the legal domain).',
    subject: 'The representation id.',
    data: object({
      representationId: uuid('The representation that ended.'),
      aNumber: aNumber(),
      organizationId: nullable(uuid("The representative's organisation; null for a representative without one.")),
      caseId: nullable(uuid("The docket's case id for an EOIR-28; null for a G-28.")),
      withdrawnAt: dateTime('When it ended.'),
    }),
  },
});

export type RepresentationFiledData = EventData<typeof legalEvents, 'RepresentationFiled'>;
export type RepresentationWithdrawnData = EventData<typeof legalEvents, 'RepresentationWithdrawn'>;
