// What the docket domain publishes and the copies it keeps of other domains' facts.
import type { DomainEvents } from '../../shared/events/registry.js';
import { partnerClientsCopy } from './consumers/partner-clients.js';
import { docketEvents } from './published.js';

export const events: DomainEvents = { published: docketEvents, consumers: [partnerClientsCopy] };
