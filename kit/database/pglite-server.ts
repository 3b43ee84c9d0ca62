// The running system's PGlite, served over the Postgres wire protocol on 127.0.0.1 so command-line
// tools (keys, seed, migrate) act on the live database instead of opening its folder a second time.
//
// @electric-sql/pglite-socket does the protocol (framing, SSL refusal, per-connection handlers).
// Its own query queue is replaced here: PGlite is ONE backend session shared by this process's
// subgraphs and every socket client, so a client must own that session from its first message
// until the backend is idle again (a Sync or simple Query answered outside a transaction block).
// Otherwise an in-process query could slip between a client's Parse and Bind, or into its BEGIN …
// COMMIT, and a client's statement into an in-process transaction. Ownership is PGlite's own
// transaction mutex — the one `db.query` and `db.transaction` take — so both sides queue on it.
//
// Notifications: the in-process LISTENs (the gateway's key cache) are on that same session, so a
// NOTIFY a socket client causes (revoking a key) comes out in the client's raw byte stream, which
// PGlite does not parse for its listeners. They are picked out of it here and sent again in process
// once the client lets go of the session, so `npm run keys -- revoke` reaches the key cache.
import { createServer, type Server, type Socket } from 'node:net';
import type { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketHandler } from '@electric-sql/pglite-socket';

type QueryQueue = ConstructorParameters<typeof PGLiteSocketHandler>[0]['queryQueue'];

const NOTIFICATION = 0x41; // 'A'
const SYNC = 0x53; // 'S'
const SIMPLE_QUERY = 0x51; // 'Q'
const PARSE = 0x50; // 'P'
const TERMINATE = 0x58; // 'X'

// COPY … FROM STDIN puts PGlite's backend in a state it reads input for synchronously: it wedges the
// whole process (every subgraph with it). Such a statement is answered with an error instead.
const COPY_FROM_CLIENT = /^\s*copy\b[\s\S]*\bfrom\s+stdin\b/i;
function statementText(message: Uint8Array): string | undefined {
  const body = Buffer.from(message.buffer, message.byteOffset, message.byteLength).subarray(5);
  if (message[0] === SIMPLE_QUERY) return body.toString('utf8', 0, Math.max(0, body.indexOf(0)));
  if (message[0] === PARSE) {
    const nameEnd = body.indexOf(0); // the prepared statement's name comes first
    return body.toString('utf8', nameEnd + 1, Math.max(nameEnd + 1, body.indexOf(0, nameEnd + 1)));
  }
  return undefined;
}
function errorResponse(code: string, text: string): Uint8Array {
  const fields = Buffer.from(`SERROR\0VERROR\0C${code}\0M${text}\0\0`, 'utf8');
  const message = Buffer.alloc(5 + fields.length);
  message[0] = 0x45; // 'E'
  message.writeInt32BE(4 + fields.length, 1);
  fields.copy(message, 5);
  return message;
}
const readyForQuery = (inTransaction: boolean) => Uint8Array.from([0x5a, 0, 0, 0, 5, inTransaction ? 0x54 : 0x49]);
const COPY_REFUSED = 'COPY FROM STDIN cannot reach the embedded database through the running system; stop `npm start` first';

// A startup message has no type byte: it begins with its int32 length, whose first byte is 0.
const endsBatch = (message: Uint8Array) => message[0] === SYNC || message[0] === SIMPLE_QUERY || message[0] === TERMINATE || message[0] === 0;

function simpleQuery(sql: string): Uint8Array {
  const body = Buffer.from(`${sql}\0`, 'utf8');
  const message = Buffer.alloc(5 + body.length);
  message[0] = SIMPLE_QUERY;
  message.writeInt32BE(4 + body.length, 1);
  body.copy(message, 5);
  return message;
}
const syncMessage = Uint8Array.from([SYNC, 0, 0, 0, 4]);

/** Collects NotificationResponse messages from a backend's output, which arrives in arbitrary chunks. */
class NotificationScanner {
  private pending = Buffer.alloc(0);
  readonly found: { channel: string; payload: string }[] = [];

  push(chunk: Uint8Array): void {
    let buffer = Buffer.concat([this.pending, chunk]);
    while (buffer.length >= 5) {
      const length = buffer.readInt32BE(1);
      if (buffer.length < 1 + length) break;
      if (buffer[0] === NOTIFICATION) {
        const body = buffer.subarray(9, 1 + length); // after type, length and the backend's pid
        const channelEnd = body.indexOf(0);
        this.found.push({ channel: body.toString('utf8', 0, channelEnd), payload: body.toString('utf8', channelEnd + 1, body.indexOf(0, channelEnd + 1)) });
      }
      buffer = buffer.subarray(1 + length);
    }
    this.pending = Buffer.from(buffer);
  }
}

/** Hands the one backend session to one socket connection at a time, between whole batches. */
class SessionQueue {
  private owner: number | undefined;
  private releaseSession: (() => void) | undefined;
  private waiting = new Map<number, Promise<void>>();
  /** Connections gone: one still waiting for the session gets it and hands it straight on. */
  private closed = new Set<number>();
  /** Connections whose batch had a refused Parse: the rest of it, up to Sync, is dropped, as a backend does after an error. */
  private discarding = new Set<number>();
  /** Notifications the owner's statements raised, sent again in process once it lets go. */
  private notifications: { channel: string; payload: string }[] = [];

  constructor(private readonly db: PGlite) {}

  private acquire(handlerId: number): Promise<void> {
    if (this.owner === handlerId) return Promise.resolve();
    // A connection's messages arrive one after another (the handler awaits each), so one pending acquire per connection.
    const pending = this.waiting.get(handlerId);
    if (pending) return pending;
    const acquired = new Promise<void>((resolve) => {
      void this.db._runExclusiveTransaction(
        () =>
          new Promise<void>((release) => {
            this.owner = handlerId;
            this.releaseSession = release;
            this.waiting.delete(handlerId);
            resolve();
          }),
      );
    });
    this.waiting.set(handlerId, acquired);
    return acquired;
  }

  private release(): void {
    const release = this.releaseSession;
    this.owner = undefined;
    this.releaseSession = undefined;
    release?.();
    const notifications = this.notifications.splice(0);
    for (const { channel, payload } of notifications) {
      // Queued behind whoever takes the session next, like any in-process statement.
      this.db.query('select pg_notify($1, $2)', [channel, payload]).catch(() => {});
    }
  }

  private exec(message: Uint8Array, onData: (data: Uint8Array) => void): Promise<number> {
    let bytes = 0;
    const scanner = new NotificationScanner();
    return this.db
      ._runExclusiveQuery(() =>
        this.db.execProtocolRawStream(message, {
          onRawData: (data) => {
            bytes += data.length;
            scanner.push(data);
            onData(data);
          },
        }),
      )
      .then(() => {
        this.notifications.push(...scanner.found);
        return bytes;
      });
  }

  async enqueue(handlerId: number, message: Uint8Array, onData: (data: Uint8Array) => void): Promise<number> {
    await this.acquire(handlerId);
    if (this.closed.has(handlerId)) {
      await this.clearTransactionIfNeeded(handlerId);
      throw new Error('connection closed');
    }
    try {
      if (this.discarding.has(handlerId) && message[0] !== SYNC) return 0;
      this.discarding.delete(handlerId);
      const text = statementText(message);
      if (text !== undefined && COPY_FROM_CLIENT.test(text)) {
        onData(errorResponse('0A000', COPY_REFUSED));
        if (message[0] === PARSE) this.discarding.add(handlerId);
        else onData(readyForQuery(this.db.isInTransaction()));
        return 0;
      }
      return await this.exec(message, onData);
    } finally {
      if (endsBatch(message) && !this.db.isInTransaction()) this.release();
    }
  }

  clearQueueForHandler(handlerId: number): void {
    this.closed.add(handlerId);
  }

  /** A connection that went away mid-batch or mid-transaction leaves the session clean for the next owner. */
  async clearTransactionIfNeeded(handlerId: number): Promise<void> {
    this.discarding.delete(handlerId);
    if (this.owner !== handlerId) return;
    this.closed.delete(handlerId);
    try {
      await this.exec(syncMessage, () => {});
      if (this.db.isInTransaction()) await this.exec(simpleQuery('ROLLBACK'), () => {});
    } finally {
      this.release();
    }
  }
}

export interface PgliteServer {
  port: number;
  stop(): Promise<void>;
}

/** Serves `db` on host:port (port 0 picks a free one) until stop(). */
export async function servePglite(db: PGlite, options: { host?: string; port?: number } = {}): Promise<PgliteServer> {
  const queue = new SessionQueue(db) as unknown as QueryQueue;
  const handlers = new Set<PGLiteSocketHandler>();
  const server: Server = createServer((socket: Socket) => {
    const handler = new PGLiteSocketHandler({ queryQueue: queue, closeOnDetach: true });
    handlers.add(handler);
    const forget = () => handlers.delete(handler);
    handler.addEventListener('close', forget);
    handler.addEventListener('error', forget);
    void handler.attach(socket).catch(() => socket.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    port,
    async stop() {
      await Promise.all([...handlers].map((handler) => handler.detach(true)));
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
