// Deployable entry point: `tsx subgraphs/enrollment/index.ts` listens on PORT (default 4001).
import { runSubgraph } from '../shared/run.js';
import { enrollment } from './server.js';

await runSubgraph(enrollment, 4001);
