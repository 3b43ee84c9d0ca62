// Keeps alerts.partner_clients, this domain's copy of each partner organisation's active clients,
// from legal's RepresentationFiled / RepresentationWithdrawn (the logic is shared/partner-clients.ts).
// An alert goes to an organisation only for a person in this copy when the change is applied.
import { partnerClientsConsumer } from '../../../shared/partner-clients.js';
import { consumerOffsets, deadLetters, outbox, partnerClients } from '../../db/schema.js';

export const partnerClientsCopy = partnerClientsConsumer('alerts', { outbox, consumerOffsets, deadLetters }, partnerClients);
