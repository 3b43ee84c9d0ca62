// What every resolver receives. Built fresh per request, so DataLoader caches never outlive one request.
import type { DB } from './db.js';

/**
 * Who is calling. Until API keys land (issue 4) every request is the development caller; the field
 * exists now so access checks have one place to read it from.
 */
export interface Caller {
  kind: 'development';
  id: string;
}

export const DEVELOPMENT_CALLER: Caller = { kind: 'development', id: 'development' };

export interface SubgraphContext<Loaders> {
  db: DB;
  loaders: Loaders;
  caller: Caller;
  /** The instant "now" is pinned to for this request, so every field agrees on it. */
  now: Date;
}
