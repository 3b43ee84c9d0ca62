// Benchmark child process: the physical floor. For POST /<operation> it makes exactly the subgraph
// calls our gateway's query plan made for that operation (recorded beforehand), in the same order
// and with the same parallelism, and answers. No parsing, planning or merging: what is left is the
// cost any gateway must pay.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { Agent, request } from 'undici';
import { SUBGRAPH_URLS, type RecordedCall } from './ipc.js';

const pool = new Agent({ keepAliveTimeout: 30_000, connections: 64 });

/** Per operation, one recorded plan per variables set the load generator draws from. */
const plans = JSON.parse(readFileSync(process.env.FLOOR_PLANS!, 'utf8')) as Record<string, RecordedCall[][][]>;
const token = process.env.HOP_TOKEN!;
const headers = { 'content-type': 'application/json', 'x-supervision-identity': token };

async function replay(groups: RecordedCall[][]): Promise<void> {
  for (const group of groups) {
    await Promise.all(
      group.map(async (call) => {
        // undici's request API, the cheapest HTTP client Node has: the floor must not pay for its client.
        const response = await request(SUBGRAPH_URLS[call.subgraph]!, { method: 'POST', headers, body: JSON.stringify(call.body), dispatcher: pool });
        const text = await response.body.text();
        if (response.statusCode !== 200 || text.includes('"errors"')) throw new Error(`subgraph ${call.subgraph} answered ${response.statusCode}`);
      }),
    );
  }
}

const server = createServer((req, res) => {
  const list = plans[(req.url ?? '/').slice(1)];
  const groups = list?.[Math.floor(Math.random() * list.length)];
  req.resume();
  req.on('end', async () => {
    if (!groups) return void res.writeHead(404).end();
    try {
      await replay(groups);
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"data":{}}');
    } catch {
      res.writeHead(502, { 'content-type': 'application/json' }).end('{"errors":[{"message":"floor replay failed"}]}');
    }
  });
});
server.listen(Number(process.env.PORT ?? 4020), '127.0.0.1', () => process.send?.({ type: 'ready' }));
