import type { WebhookDeliveryResolvers } from '../generated/resolvers-types.js';
import { webhookId } from '../delivery/signing.js';

export const WebhookDelivery: WebhookDeliveryResolvers = {
  webhookId: (delivery) => webhookId(delivery.id),
  nextAttemptAt: (delivery) => (delivery.status === 'PENDING' ? delivery.nextAttemptAt : null),
};
