// The API key lives in sessionStorage only: gone when the tab closes, never in a URL, a cookie or
// the served page, and sent only as the Authorization header of requests to /graphql.
import { STORAGE_KEY } from '../constants';

export function storedKey(): string | null {
  return sessionStorage.getItem(STORAGE_KEY);
}

export function storeKey(key: string): void {
  sessionStorage.setItem(STORAGE_KEY, key);
}

export function forgetKey(): void {
  // Everything this tab kept (GraphiQL's tabs and responses too), not only the key.
  sessionStorage.clear();
}
