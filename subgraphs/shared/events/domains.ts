// The event domains of a set of subgraphs, each on its own database handle, and what /readyz
// reports about a domain's consumers.
import type { DB } from '../../../kit/database/db.js';
import type { ReadinessDetails } from '../../../kit/http/readiness.js';
import type { DomainEvents } from './registry.js';
import { deadLetterCounts } from './runtime.js';
import type { EventDomain } from './transport.js';

export function eventDomain(events: DomainEvents, db: DB): EventDomain {
  return { published: events.published, db, consumers: events.consumers };
}

/**
 * `/readyz`'s events section: the transport, and for each consumer of the domain with dead letters,
 * how many (each was logged as "event dead-lettered" with its sequence and event id).
 */
export function eventsReadiness(domain: EventDomain, transport: () => string | undefined): ReadinessDetails {
  return async () => {
    const deadLetters = await deadLetterCounts(domain.db, domain.published.tables);
    const total = Object.values(deadLetters).reduce((a, b) => a + b, 0);
    return { events: { transport: transport() ?? 'stopped', deadLetters, ...(total ? { attention: `${total} event(s) could not be applied: see ${domain.published.domain}.dead_letters` } : {}) } };
  };
}
