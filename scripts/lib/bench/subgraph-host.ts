// Benchmark child process: the four subgraphs on their supergraph ports over one pg pool, with
// statement counters and a recorder of the calls each request's plan makes, read over IPC. Calls
// and statements are recorded per x-request-id (every gateway and the floor forward one), so
// requests can be recorded side by side and each still counted exactly.
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import type { ApolloServerPlugin } from '@apollo/server';
import { importSPKI } from 'jose';
import type { SubgraphContext } from '../../../subgraphs/shared/context.js';
import { allSubgraphs } from '../../../subgraphs/shared/all-subgraphs.js';
import { openDriver, subgraphDb, type StatementCounter } from '../../../kit/database/db.js';
import { currentRequestId } from '../../../kit/http/request-scope.js';
import { startSubgraph } from '../../../subgraphs/shared/subgraph-server.js';
import { eventDomain } from '../../../subgraphs/shared/events/domains.js';
import { eventsOptionsFromEnv, startEvents, type EventRuntime } from '../../../subgraphs/shared/events/runtime.js';
import type { HostMessage, HostReply, RecordedCall, Recording } from './ipc.js';

// The supergraph's ports by default; SUBGRAPH_PORT_BASE moves them (a second host for another data set).
const base = Number(process.env.SUBGRAPH_PORT_BASE ?? 4000);
const PORTS: Record<string, number> = { enrollment: base + 1, checkin: base + 2, docket: base + 3, legal: base + 4, worklist: base + 5, outcomes: base + 6 };

const driver = await openDriver({ databaseUrl: process.env.DATABASE_URL!, poolSize: Number(process.env.DB_POOL_SIZE ?? 20) });
const hopPublicKey = await importSPKI(process.env.HOP_PUBLIC_KEY!, 'EdDSA');
const totals: Record<string, number> = {};
let recording: Recording | null = null;
let events: EventRuntime | null = null;

/** Counts every statement per subgraph and, while recording, per request. */
function counter(subgraph: string): StatementCounter {
  totals[subgraph] = 0;
  return {
    get count() {
      return totals[subgraph]!;
    },
    set count(value: number) {
      totals[subgraph] = value;
      const id = currentRequestId();
      if (recording && id) recording.statements[id] = (recording.statements[id] ?? 0) + 1;
    },
  };
}

function recorder(subgraph: string): ApolloServerPlugin<SubgraphContext<unknown>> {
  return {
    async requestDidStart({ request }) {
      const id = currentRequestId();
      if (!recording || !id) return;
      const body = { query: request.query!, variables: request.variables ?? {}, ...(request.operationName ? { operationName: request.operationName } : {}) };
      const headers = [...(request.http?.headers.keys() ?? [])].sort();
      const call: RecordedCall = { subgraph, body, bodyBytes: Number(request.http?.headers.get('content-length') ?? JSON.stringify(body).length), headers };
      (recording.calls[id] ??= []).push(call);
    },
  };
}

for (const definition of allSubgraphs) {
  await startSubgraph(definition as never, {
    db: subgraphDb(driver, counter(definition.name)),
    hopPublicKey,
    port: PORTS[definition.name],
    plugins: [recorder(definition.name)] as never,
    // No location retention under a benchmark: it would rewrite seeded rows and skew statement counts.
    jobs: false,
  });
}

// The same profile `node --cpu-prof` writes, but of one slice of the run (the load of one gateway).
const inspector = new Session();
inspector.connect();

process.on('message', async (message: HostMessage) => {
  let reply: HostReply;
  if (message.type === 'profile') {
    if (message.on) {
      await inspector.post('Profiler.enable');
      await inspector.post('Profiler.setSamplingInterval', { interval: 500 });
      await inspector.post('Profiler.start');
    } else {
      const { profile } = await inspector.post('Profiler.stop');
      writeFileSync(message.file!, JSON.stringify(profile));
    }
    return void process.send!({ type: 'profiled' } satisfies HostReply);
  }
  if (message.type === 'events') {
    // Off while latency is measured (no relay or consumer polling beside the load); on for timing
    // how soon a change shows, which needs the events applied.
    events ??= await startEvents({ ...eventsOptionsFromEnv(), domains: allSubgraphs.map((d) => eventDomain(d.events, subgraphDb(driver))) });
    return void process.send!({ type: 'events-started' } satisfies HostReply);
  }
  if (message.type === 'statements') reply = { type: 'statements', counts: { ...totals } };
  else if (message.type === 'record') {
    reply = { type: 'recorded', ...(recording ?? { calls: {}, statements: {} }) };
    recording = message.on ? { calls: {}, statements: {} } : null;
  } else return;
  process.send!(reply);
});
process.send!({ type: 'ready' } satisfies HostReply);
