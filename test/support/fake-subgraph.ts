// Stand-ins for a sick subgraph, listening on its port after the real one is stopped: one that
// accepts connections and never answers, and ones that answer with an error page full of details
// no client may see (as a 502, or as a 200 the way a misrouted proxy would).
import { createServer, type Server, type Socket } from 'node:net';

export interface FakeSubgraph {
  close(): Promise<void>;
}

/** What the error page says: a stack frame, SQL, an internal address and personal data. */
export const LEAKY_ERROR_PAGE = '<html>Error: select given_name from enrollment.enrollees where a_number = \'A123456789\'\n    at query (/srv/checkin/db.ts:12:3)\n upstream http://10.0.0.7:5432</html>';

export function hangingSubgraph(port: number): Promise<FakeSubgraph> {
  return serve(port, () => {});
}

export function erroringSubgraph(port: number): Promise<FakeSubgraph> {
  return answering(port, '502 Bad Gateway');
}

export function okButNotGraphQLSubgraph(port: number): Promise<FakeSubgraph> {
  return answering(port, '200 OK');
}

function answering(port: number, status: string): Promise<FakeSubgraph> {
  return serve(port, (socket) => {
    socket.once('data', () =>
      socket.end(`HTTP/1.1 ${status}\r\ncontent-type: text/html\r\ncontent-length: ${Buffer.byteLength(LEAKY_ERROR_PAGE)}\r\nconnection: close\r\n\r\n${LEAKY_ERROR_PAGE}`),
    );
  });
}

async function serve(port: number, onConnection: (socket: Socket) => void): Promise<FakeSubgraph> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    onConnection(socket);
  });
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, '127.0.0.1', resolve));
  return {
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
