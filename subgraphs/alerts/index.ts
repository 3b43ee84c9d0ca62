// Deployable entry point: `tsx subgraphs/alerts/index.ts` listens on PORT (default 4007).
import { runSubgraph } from '../shared/run.js';
import { alerts } from './server.js';

await runSubgraph(alerts, 4007);
