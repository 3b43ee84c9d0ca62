// Deployable entry point: `tsx subgraphs/worklist/index.ts` listens on PORT (default 4005).
import { runSubgraph } from '../shared/run.js';
import { worklist } from './server.js';

await runSubgraph(worklist, 4005);
