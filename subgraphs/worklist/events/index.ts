// What the worklist publishes (nothing) and the copies it keeps of the four domains' facts.
import type { DomainEvents } from '../../shared/events/registry.js';
import { partnerClientsCopy } from './consumers/partner-clients.js';
import { peopleReadModel } from './consumers/people.js';
import { worklistEvents } from './published.js';

export const events: DomainEvents = { published: worklistEvents, consumers: [partnerClientsCopy, peopleReadModel] };
