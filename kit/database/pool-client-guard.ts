// Keeps a pg pool whole when connections break mid-transaction. drizzle-orm's node-postgres
// transaction() (0.45.x, drizzle-team/drizzle-orm#6241, #6114, still open) has two defects:
// - it sends BEGIN before its try/finally, so a BEGIN that fails (the connection died while idle,
//   the server went away) never releases the client: the pool loses a slot for good, and after
//   `max` such failures every request waits for a connection that never comes back;
// - it always calls release() with no error, so a client whose statement timed out on our side
//   (query_timeout) or whose socket broke goes back to the pool as if healthy.
// The guard wraps each client the pool hands out: a failed BEGIN releases it (destroying it), and a
// client that saw a failure other than an ordinary server error is destroyed when released.
// Remove it once drizzle releases clients on every path.
import pg from 'pg';

/** A pool whose connect() hands out guarded clients; everything else is the pool's own. */
export function guardedPool(pool: pg.Pool): pg.Pool {
  return new Proxy(pool, {
    get(target, prop) {
      const value = Reflect.get(target, prop, target);
      if (prop !== 'connect' || typeof value !== 'function') return typeof value === 'function' ? value.bind(target) : value;
      return (callback?: unknown) => {
        // drizzle uses the promise form; a callback caller keeps pg's own behaviour.
        if (callback) return value.call(target, callback);
        return (value.call(target) as Promise<pg.PoolClient>).then(guardClient);
      };
    },
  });
}

/** A server's answer (a constraint, a syntax error, a cancelled statement) leaves the connection usable; anything else may not. */
const leavesConnectionUsable = (error: unknown) => error instanceof pg.DatabaseError;

const statementText = (args: unknown[]) => {
  const first = args[0];
  if (typeof first === 'string') return first;
  if (first && typeof first === 'object' && typeof (first as { text?: unknown }).text === 'string') return (first as { text: string }).text;
  return '';
};

function guardClient(client: pg.PoolClient): pg.PoolClient {
  let released = false;
  let unusable: Error | undefined;
  const release = (error?: Error | boolean) => {
    if (released) return;
    released = true;
    client.release(error ?? unusable);
  };
  return new Proxy(client, {
    get(target, prop) {
      if (prop === 'release') return release;
      const value = Reflect.get(target, prop, target);
      if (prop !== 'query' || typeof value !== 'function') return typeof value === 'function' ? value.bind(target) : value;
      return (...args: unknown[]) => {
        const result = value.apply(target, args);
        if (!(result instanceof Promise)) return result;
        const beginning = /^\s*begin\b/i.test(statementText(args));
        return result.catch((error: unknown) => {
          if (!leavesConnectionUsable(error)) unusable ??= error instanceof Error ? error : new Error(String(error));
          // drizzle will not release a client whose BEGIN failed: do it here, destroying it.
          if (beginning) release(error instanceof Error ? error : true);
          throw error;
        });
      };
    },
  });
}
