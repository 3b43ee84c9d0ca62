// Per-request DataLoaders: each endpoint's page of deliveries loads through one, so a page of
// endpoints with their recent deliveries costs the same few statements as one endpoint.
import DataLoader from 'dataloader';
import { GraphQLError } from 'graphql';
import { clientsOf, type Caller } from '../shared/context.js';
import type { DB } from '../../kit/database/db.js';
import type { DeliveryRow } from './db/schema.js';
import * as repo from './repository.js';

/**
 * Whose endpoints the caller manages: a partner key its own organisation's only; a staff key the
 * field offices'. Any other kind of key (a developer's given the scope) manages none.
 */
export function ownerOf(caller: Caller): repo.Owner {
  const organizationId = clientsOf(caller);
  if (organizationId) return { organizationId };
  if (caller.kind === 'staff' || caller.kind === 'development') return { fieldOffices: true };
  throw new GraphQLError('Only partner and staff keys manage webhook endpoints', { extensions: { code: 'FORBIDDEN' } });
}

export function createLoaders(db: DB, _now: Date, _caller: Caller) {
  return {
    /** One page of one endpoint's deliveries (`limit + 1` rows, newest first). */
    deliveryPage: new DataLoader<repo.DeliveryPageKey, DeliveryRow[], string>((keys) => repo.findDeliveryPages(db, keys), {
      cacheKeyFn: (key) => JSON.stringify([key.endpointId, key.limit, key.after]),
    }),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
