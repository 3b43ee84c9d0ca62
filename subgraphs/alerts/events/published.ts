// The alerts domain publishes no domain events: what it produces leaves the system as signed
// webhooks (delivery/), not as facts other domains build on. Declared so its event tables are kit-shaped.
import { defineEvents } from '../../shared/events/registry.js';
import { consumerOffsets, deadLetters, outbox } from '../db/schema.js';

export const alertsEvents = defineEvents('alerts', { outbox, consumerOffsets, deadLetters }, {});
