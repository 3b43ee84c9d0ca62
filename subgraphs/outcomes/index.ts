// Deployable entry point: `tsx subgraphs/outcomes/index.ts` listens on PORT (default 4006).
import { runSubgraph } from '../shared/run.js';
import { outcomes } from './server.js';

await runSubgraph(outcomes, 4006);
