// Postgres LISTEN/NOTIFY over either driver. node-postgres: one dedicated connection (a pool's
// connections come and go), re-opened after it drops. PGlite: its own `listen` API (the database is
// in this process, so the "connection" cannot drop). Whoever listens is told when it starts and
// stops hearing notifications, since anything sent in between is lost.
import pg from 'pg';
import type { Driver } from './db.js';
import { driverErrorCode } from './database-unavailable.js';
import { logEvent } from '../observability/log.js';

export interface NotificationHandlers {
  notified(payload: string): void;
  /** LISTEN is in place: notifications from now on arrive. */
  up(): void;
  /** The listening connection is gone: notifications are being missed until up() again. */
  down(): void;
}

export interface NotificationListener {
  close(): Promise<void>;
}

const RETRY_MS = 1_000;

/** Listens on `channel` (a plain lower-case identifier of ours, not input). */
export async function listenForNotifications(driver: Driver, channel: string, handlers: NotificationHandlers): Promise<NotificationListener> {
  if (!/^[a-z_][a-z0-9_]*$/.test(channel)) throw new Error(`Not a channel name: ${channel}`);
  if (driver.kind === 'pglite') {
    const unlisten = await driver.client.listen(channel, (payload) => handlers.notified(payload));
    handlers.up();
    return {
      async close() {
        handlers.down();
        await unlisten();
      },
    };
  }
  return listenOverPg(driver.client, channel, handlers);
}

async function listenOverPg(pool: pg.Pool, channel: string, handlers: NotificationHandlers): Promise<NotificationListener> {
  let closed = false;
  let current: pg.Client | undefined;
  let retry: NodeJS.Timeout | undefined;

  const lost = (client: pg.Client, error?: Error) => {
    if (current !== client) return;
    current = undefined;
    handlers.down();
    logEvent('warn', 'notification listener lost', { channel, errorCode: error ? driverErrorCode(error) : undefined });
    client.end().catch(() => {});
    schedule();
  };
  const schedule = () => {
    if (!closed) retry = setTimeout(() => void connect(), RETRY_MS).unref();
  };
  const connect = async () => {
    const client = new pg.Client({ ...pool.options, application_name: `supervision-gateway-listen-${channel}`, keepAlive: true });
    client.on('notification', (message) => {
      if (message.channel === channel) handlers.notified(message.payload ?? '');
    });
    client.on('error', (error) => lost(client, error));
    client.on('end', () => lost(client));
    try {
      await client.connect();
      await client.query(`LISTEN ${channel}`);
    } catch (error) {
      client.end().catch(() => {});
      logEvent('warn', 'notification listener could not start', { channel, errorCode: driverErrorCode(error) });
      schedule();
      return;
    }
    if (closed) {
      await client.end().catch(() => {});
      return;
    }
    current = client;
    handlers.up();
  };

  await connect();
  return {
    async close() {
      closed = true;
      clearTimeout(retry);
      const client = current;
      current = undefined;
      handlers.down();
      await client?.end().catch(() => {});
    },
  };
}
