// Benchmark child process: the four subgraphs on their supergraph ports over one pg pool, with
// statement counters and a recorder of the calls a query plan makes, both read over IPC.
import type { ApolloServerPlugin } from '@apollo/server';
import { importSPKI } from 'jose';
import type { SubgraphContext } from '../../../subgraphs/shared/context.js';
import { allSubgraphs } from '../../../subgraphs/shared/all-subgraphs.js';
import { openDriver, subgraphDb, type StatementCounter } from '../../../subgraphs/shared/db.js';
import { startSubgraph } from '../../../subgraphs/shared/subgraph-server.js';
import type { HostMessage, HostReply, RecordedCall } from './ipc.js';

// The supergraph's ports by default; SUBGRAPH_PORT_BASE moves them (a second host for another data set).
const base = Number(process.env.SUBGRAPH_PORT_BASE ?? 4000);
const PORTS: Record<string, number> = { enrollment: base + 1, checkin: base + 2, docket: base + 3, legal: base + 4 };

const driver = await openDriver({ databaseUrl: process.env.DATABASE_URL!, poolSize: Number(process.env.DB_POOL_SIZE ?? 20) });
const hopPublicKey = await importSPKI(process.env.HOP_PUBLIC_KEY!, 'EdDSA');
const counters: Record<string, StatementCounter> = {};
let recording: RecordedCall[] | null = null;
const startedAt = process.hrtime.bigint();
const ms = () => Number(process.hrtime.bigint() - startedAt) / 1e6;

function recorder(subgraph: string): ApolloServerPlugin<SubgraphContext<unknown>> {
  return {
    async requestDidStart({ request }) {
      if (!recording) return;
      const call: RecordedCall = { subgraph, body: { query: request.query!, variables: request.variables ?? {} }, start: ms(), end: 0 };
      recording.push(call);
      return {
        async willSendResponse() {
          call.end = ms();
        },
      };
    },
  };
}

for (const definition of allSubgraphs) {
  const counter: StatementCounter = { count: 0 };
  counters[definition.name] = counter;
  await startSubgraph(definition as never, {
    db: subgraphDb(driver, counter),
    hopPublicKey,
    port: PORTS[definition.name],
    plugins: [recorder(definition.name)] as never,
  });
}

process.on('message', (message: HostMessage) => {
  let reply: HostReply;
  if (message.type === 'statements') reply = { type: 'statements', counts: Object.fromEntries(Object.entries(counters).map(([k, c]) => [k, c.count])) };
  else if (message.type === 'record') {
    reply = { type: 'recorded', calls: recording ?? [] };
    recording = message.on ? [] : null;
  } else return;
  process.send!(reply);
});
process.send!({ type: 'ready' } satisfies HostReply);
