// After a write, later fields of the same request must not read this request's stale loader caches.
import { windowKey, type Loaders } from '../loaders.js';
import type { CheckInWindow } from '../models.js';

/** Primes the written window's row and forgets the person's last submission (it may have changed). */
export function refreshLoaders(loaders: Loaders, { enrolleeId, opensAt, row }: CheckInWindow): void {
  const key = windowKey(enrolleeId, opensAt);
  loaders.checkInByWindow.clear(key).prime(key, row);
  loaders.lastSubmittedByEnrolleeId.clear(enrolleeId);
}
