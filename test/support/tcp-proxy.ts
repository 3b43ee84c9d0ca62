// A TCP proxy in front of a real server (Postgres), which a test can cut and restore: refuse new
// connections, swallow them (accept, never forward), or cut one connection right after it sends a
// given statement. Every mode but `restore` also breaks the connections already open, as a server
// restart or a network failure would.
import { createServer, connect, type Server, type Socket } from 'node:net';

export interface TcpProxy {
  port: number;
  /** Stops listening: new connections are refused (ECONNREFUSED). */
  refuse(): Promise<void>;
  /** Accepts new connections and never forwards a byte: a server that stopped answering. */
  swallow(): Promise<void>;
  /** Listens and forwards again. */
  restore(): Promise<void>;
  /**
   * Arms a one-shot cut: the next client chunk matching `pattern` is forwarded, then that
   * connection is closed on both sides, so the server sees the statement and then end-of-stream.
   * With `onConnectionThatSent`, only a connection that has already sent a chunk matching it is
   * cut: a statement as common as COMMIT is then the one of the transaction under test, not that
   * of a background job polling on the same pool.
   */
  cutAfter(pattern: RegExp, options?: { onConnectionThatSent?: RegExp }): void;
  close(): Promise<void>;
}

export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const sockets = new Set<Socket>();
  let mode: 'forward' | 'swallow' = 'forward';
  let cut: { pattern: RegExp; onConnectionThatSent?: RegExp } | null = null;
  const track = (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
  };
  const server: Server = createServer((client) => {
    track(client);
    if (mode === 'swallow') return;
    const upstream = connect(target.port, target.host);
    track(upstream);
    let sentPrerequisite = false;
    client.on('data', (chunk: Buffer) => {
      upstream.write(chunk);
      if (!cut) return;
      const text = chunk.toString('latin1');
      const armed = !cut.onConnectionThatSent || sentPrerequisite;
      if (cut.onConnectionThatSent?.test(text)) sentPrerequisite = true;
      if (armed && cut.pattern.test(text)) {
        cut = null;
        // end(): the server reads the statement before it sees the connection close.
        upstream.end();
        client.destroy();
      }
    });
    upstream.on('data', (chunk: Buffer) => client.write(chunk));
    client.on('close', () => upstream.end());
    upstream.on('close', () => client.destroy());
  });
  const listen = (port: number) => new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, '127.0.0.1', () => resolve()));
  const stopListening = () => new Promise<void>((resolve) => (server.listening ? server.close(() => resolve()) : resolve()));
  const breakAll = () => sockets.forEach((socket) => socket.destroy());
  await listen(0);
  const port = (server.address() as { port: number }).port;
  return {
    port,
    async refuse() {
      const closed = stopListening();
      breakAll();
      await closed;
    },
    async swallow() {
      mode = 'swallow';
      breakAll();
      if (!server.listening) await listen(port);
    },
    async restore() {
      mode = 'forward';
      if (!server.listening) await listen(port);
    },
    cutAfter(pattern, options) {
      cut = { pattern, onConnectionThatSent: options?.onConnectionThatSent };
    },
    async close() {
      const closed = stopListening();
      breakAll();
      await closed;
    },
  };
}
