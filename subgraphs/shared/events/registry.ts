// What a domain publishes: its name, its event tables, and each event type with the schema of its
// payload. Each subgraph declares one in events/published.ts; appendEvents is typed by it, and
// `npm run compose` writes its schemas to schema/events/.
import type { Consumer } from './consumer.js';
import { envelopeSchema, sourceOf } from './envelope.js';
import type { Field, JsonSchema, TypeOf } from './json-schema.js';
import type { EventTables } from './tables.js';

export interface EventDefinition<D = unknown> {
  /** When the event is published (which write, in what circumstance), for the schema and the README. */
  when: string;
  /** What record the CloudEvents `subject` names. */
  subject: string;
  data: Field<D>;
}

export type EventDefinitions = Record<string, EventDefinition<any>>;

export interface PublishedEvents<R extends EventDefinitions = EventDefinitions> {
  domain: string;
  /** `/supervision/<domain>`. */
  source: string;
  tables: EventTables;
  types: R;
}

/** One event as a mutation appends it: the type, the record it is about, and its payload. */
export type NewEvent<R extends EventDefinitions> = {
  [K in keyof R & string]: { type: K; subject: string; data: TypeOf<R[K]['data']> };
}[keyof R & string];

/** The payload type of one event type of a registry. */
export type EventData<P extends PublishedEvents, K extends keyof P['types']> = TypeOf<P['types'][K]['data']>;

export function defineEvents<const R extends EventDefinitions>(domain: string, tables: EventTables, types: R): PublishedEvents<R> {
  return { domain, source: sourceOf(domain), tables, types };
}

/** The JSON Schema of every type a domain publishes, by type name. */
export function schemasOf(published: PublishedEvents): Record<string, JsonSchema> {
  return Object.fromEntries(
    Object.entries(published.types).map(([type, definition]) => [
      type,
      envelopeSchema(published.domain, type, definition.when, definition.subject, definition.data.schema),
    ]),
  );
}

/** A domain's part in the event flow: what it publishes and the consumers that keep its copies. */
export interface DomainEvents {
  published: PublishedEvents;
  consumers: readonly Consumer[];
}
