// Keeps enrollment.partner_clients, this domain's copy of each partner organisation's active clients,
// from legal's RepresentationFiled / RepresentationWithdrawn (the logic is shared/partner-clients.ts).
import { partnerClientsConsumer } from '../../../shared/partner-clients.js';
import { consumerOffsets, deadLetters, outbox, partnerClients } from '../../db/schema.js';

export const partnerClientsCopy = partnerClientsConsumer('enrollment', { outbox, consumerOffsets, deadLetters }, partnerClients);
