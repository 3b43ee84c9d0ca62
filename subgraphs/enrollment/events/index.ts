// What the enrollment domain publishes and the copies it keeps of other domains' facts.
import type { DomainEvents } from '../../shared/events/registry.js';
import { partnerClientsCopy } from './consumers/partner-clients.js';
import { enrollmentEvents } from './published.js';

export const events: DomainEvents = { published: enrollmentEvents, consumers: [partnerClientsCopy] };
