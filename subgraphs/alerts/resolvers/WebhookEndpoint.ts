import type { WebhookEndpointResolvers } from '../generated/resolvers-types.js';
import { cursorTuple, parsePage, toConnection } from '../../shared/pagination.js';
import { alertTypeName, type AlertTypeName } from '../delivery/event-types.js';
import * as repo from '../repository.js';

export const WebhookEndpoint: WebhookEndpointResolvers = {
  eventTypes: (endpoint) => endpoint.eventTypes.map(alertTypeName).filter((t): t is AlertTypeName => t !== null),
  async deliveries(endpoint, { first, after }, { loaders }) {
    const page = parsePage({ first, after }, cursorTuple<repo.DeliverySortKey>('instant', 'uuid'));
    const rows = await loaders.deliveryPage.load({ endpointId: endpoint.id, limit: page.limit, after: page.after });
    return toConnection(rows, page, repo.deliverySortKey) as never;
  },
};
