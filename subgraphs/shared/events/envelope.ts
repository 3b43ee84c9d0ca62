// The CloudEvents 1.0 envelope every domain event travels in (structured JSON mode), plus the
// `sequence` extension: the event's position in its domain's outbox, which consumers use to apply
// each event once and in order. See https://github.com/cloudevents/spec (core + sequence extension).
import type { JsonSchema } from './json-schema.js';

export interface CloudEvent<D = unknown> {
  specversion: '1.0';
  /** UUID, unique per event: a re-publish of the same event carries the same id. */
  id: string;
  /** `/supervision/<domain>`. */
  source: string;
  /** Past-tense fact, e.g. `RepresentationFiled`. */
  type: string;
  /** The id of the record the event is about (never a name or an A-number). */
  subject: string;
  time: string;
  datacontenttype: 'application/json';
  /**
   * CloudEvents sequence extension: a lexicographically orderable string, here the outbox sequence
   * as 16 zero-padded digits (so "…09" sorts before "…10").
   */
  sequence: string;
  data: D;
}

export const sourceOf = (domain: string) => `/supervision/${domain}`;

const SEQUENCE_DIGITS = 16;
export const formatSequence = (sequence: number) => String(sequence).padStart(SEQUENCE_DIGITS, '0');
export const sequenceOf = (event: Pick<CloudEvent, 'sequence'>) => Number(event.sequence);
/** The domain an event came from, read from its `source`. */
export const domainOf = (event: Pick<CloudEvent, 'source'>) => event.source.replace(/^\/supervision\//, '');

/** The JSON Schema of one event type: the envelope with its constants, and the payload's schema. */
export function envelopeSchema(domain: string, type: string, description: string, subject: string, data: JsonSchema): JsonSchema {
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: `urn:supervision-gateway:events:${type}`,
    title: type,
    description,
    type: 'object',
    required: ['specversion', 'id', 'source', 'type', 'subject', 'time', 'datacontenttype', 'sequence', 'data'],
    additionalProperties: false,
    properties: {
      specversion: { const: '1.0' },
      id: { type: 'string', format: 'uuid' },
      source: { const: sourceOf(domain) },
      type: { const: type },
      subject: { type: 'string', format: 'uuid', description: subject },
      time: { type: 'string', format: 'date-time' },
      datacontenttype: { const: 'application/json' },
      sequence: { type: 'string', pattern: `^[0-9]{${SEQUENCE_DIGITS}}$`, description: "Position in the source domain's outbox." },
      data,
    },
  };
}
