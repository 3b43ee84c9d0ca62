// What the alerts domain consumes: who represents whom (legal), who is supervised where
// (enrollment), and the changes it turns into deliveries (docket, legal, enrollment, checkin).
import type { DomainEvents } from '../../shared/events/registry.js';
import { alertFanout } from './consumers/alert-fanout.js';
import { partnerClientsCopy } from './consumers/partner-clients.js';
import { supervisedPeopleCopy } from './consumers/supervised-people.js';
import { alertsEvents } from './published.js';

export const events: DomainEvents = { published: alertsEvents, consumers: [partnerClientsCopy, supervisedPeopleCopy, alertFanout] };
