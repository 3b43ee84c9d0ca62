// The outcomes read model publishes no events: it owns only data derived from the other domains'.
// Its outbox exists because every domain's event tables are the same three (shared/events/tables.ts).
import { defineEvents } from '../../shared/events/registry.js';
import { consumerOffsets, deadLetters, outbox } from '../db/schema.js';

export const outcomesEvents = defineEvents('outcomes', { outbox, consumerOffsets, deadLetters }, {});
