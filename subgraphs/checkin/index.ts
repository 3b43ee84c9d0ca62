// Deployable entry point: `tsx subgraphs/checkin/index.ts` listens on PORT (default 4002).
import { runSubgraph } from '../shared/run.js';
import { checkin } from './server.js';

await runSubgraph(checkin, 4002);
