// The event kit, written once for every domain (see README "Domain events").
export { appendEvents } from './outbox.js';
export { defineEvents, schemasOf, type PublishedEvents, type NewEvent, type EventData } from './registry.js';
export { eventTables, type EventTables } from './tables.js';
export { deliver, type Consumer, type Outcome } from './consumer.js';
export { startEvents, deadLetterCounts, eventsOptionsFromEnv, type EventRuntime, type EventsOptions } from './runtime.js';
export type { CloudEvent } from './envelope.js';
export type { EventDomain } from './transport.js';
