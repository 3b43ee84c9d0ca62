// Deployable entry point: `tsx subgraphs/docket/index.ts` listens on PORT (default 4003).
import { runSubgraph } from '../shared/run.js';
import { docket } from './server.js';

await runSubgraph(docket, 4003);
