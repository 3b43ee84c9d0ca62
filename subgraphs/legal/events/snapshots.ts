// The snapshots legal publishes of what other domains copy from its events (shared/events/snapshot.ts).
import type { Snapshot } from '../../shared/events/snapshot.js';

/** Each partner organisation's active clients: what every domain's partner_clients holds (RepresentationFiled / Withdrawn). */
export const activeClientsSnapshot: Snapshot = {
  source: 'legal',
  name: 'legal.active_clients',
  sql: `select id as representation_id, organization_id, a_number from legal.representations where withdrawn_at is null and organization_id is not null`,
};

/** Every representation not withdrawn, with an organisation or without: what the worklist's representations holds. */
export const activeRepresentationsSnapshot: Snapshot = {
  source: 'legal',
  name: 'legal.active_representations',
  sql: `select id as representation_id, a_number from legal.representations where withdrawn_at is null`,
};
