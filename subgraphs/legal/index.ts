// Deployable entry point: `tsx subgraphs/legal/index.ts` listens on PORT (default 4004).
import { runSubgraph } from '../shared/run.js';
import { legal } from './server.js';

await runSubgraph(legal, 4004);
