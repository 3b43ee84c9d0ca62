// Benchmark child process: the physical floor. `POST /<operation>/<i>` makes exactly the subgraph
// calls of Apollo's query plan for that operation with variables set i, bodies as our gateway sent
// them (scripts/lib/bench/query-plan.ts), in the plan's order and parallelism, and answers. No
// parsing, planning or merging: what is left is the cost any gateway must pay. It forwards the
// client's x-request-id, as the gateways do, so the subgraphs' statements can be counted per request.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { Agent, request } from 'undici';
import { benchHopTokens, callerFromJson } from './hop-tokens.js';
import { SUBGRAPH_URLS } from './ipc.js';
import type { PlanStep } from './query-plan.js';

const pool = new Agent({ keepAliveTimeout: 30_000, connections: 64 });

/** Per operation, the bound plan of each variables set, in the order of the load's bodies. */
const plans = JSON.parse(readFileSync(process.env.FLOOR_PLANS!, 'utf8')) as Record<string, PlanStep[]>;
// The caller the benchmark's API key stands for (FLOOR_CALLER), as our gateway would present it.
const tokenFor = await benchHopTokens(process.env.HOP_PRIVATE_KEY!, callerFromJson(JSON.parse(process.env.FLOOR_CALLER!)));

async function replay(step: PlanStep, requestId: string): Promise<void> {
  if (step.kind === 'sequence') {
    for (const next of step.steps) await replay(next, requestId);
  } else if (step.kind === 'parallel') {
    await Promise.all(step.steps.map((next) => replay(next, requestId)));
  } else {
    const headers = { 'content-type': 'application/json', 'x-supervision-identity': await tokenFor(step.subgraph), 'x-request-id': requestId };
    // undici's request API, the cheapest HTTP client Node has: the floor must not pay for its client.
    const response = await request(SUBGRAPH_URLS[step.subgraph]!, { method: 'POST', headers, body: step.body, dispatcher: pool });
    const text = await response.body.text();
    if (response.statusCode !== 200 || text.includes('"errors"')) throw new Error(`subgraph ${step.subgraph} answered ${response.statusCode}`);
  }
}

const server = createServer((req, res) => {
  const [, operation, index] = (req.url ?? '/').split('/');
  const plan = plans[operation ?? '']?.[Number(index)];
  // The client's id when it sends one (to count statements per request), else a fresh one, as Hive does.
  const requestId = (req.headers['x-request-id'] as string | undefined) ?? randomUUID();
  req.resume();
  req.on('end', async () => {
    if (!plan) return void res.writeHead(404).end();
    try {
      await replay(plan, requestId);
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"data":{}}');
    } catch {
      res.writeHead(502, { 'content-type': 'application/json' }).end('{"errors":[{"message":"floor replay failed"}]}');
    }
  });
});
server.listen(Number(process.env.PORT ?? 4020), '127.0.0.1', () => process.send?.({ type: 'ready' }));
