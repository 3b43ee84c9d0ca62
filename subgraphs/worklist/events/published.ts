// The worklist is a read model: it publishes nothing. The empty registry keeps the shape of every
// domain (its outbox exists, so the event kit treats it like the others).
import { defineEvents } from '../../shared/events/registry.js';
import { consumerOffsets, deadLetters, outbox } from '../db/schema.js';

export const worklistEvents = defineEvents('worklist', { outbox, consumerOffsets, deadLetters }, {});
