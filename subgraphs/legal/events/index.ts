// What the legal domain publishes and the copies it keeps of other domains' facts.
import type { DomainEvents } from '../../shared/events/registry.js';
import { docketCasesCopy } from './consumers/docket-cases.js';
import { legalEvents } from './published.js';

export const events: DomainEvents = { published: legalEvents, consumers: [docketCasesCopy] };
