// What the check-in domain publishes and the copies it keeps of other domains' facts.
import type { DomainEvents } from '../../shared/events/registry.js';
import { partnerClientsCopy } from './consumers/partner-clients.js';
import { supervisionTermsCopy } from './consumers/supervision-terms.js';
import { checkinEvents } from './published.js';

export const events: DomainEvents = { published: checkinEvents, consumers: [partnerClientsCopy, supervisionTermsCopy] };
