// The outcomes read model answers aggregates, one query per measure's population and request:
// nothing is loaded per entity, so it has no DataLoaders. The factory exists so its context has the
// same shape as every subgraph's.
import type { Caller } from '../shared/context.js';
import type { DB } from '../../kit/database/db.js';

export type Loaders = Record<string, never>;

export function createLoaders(_db: DB, _now: Date, _caller: Caller): Loaders {
  return {};
}
