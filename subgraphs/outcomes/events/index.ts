// What the outcomes read model consumes: the facts of enrollment, the docket and legal representation.
import type { DomainEvents } from '../../shared/events/registry.js';
import { outcomeFacts } from './consumers/outcome-facts.js';
import { outcomesEvents } from './published.js';

export const events: DomainEvents = { published: outcomesEvents, consumers: [outcomeFacts] };
