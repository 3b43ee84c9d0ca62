// What enrollment resolvers receive as parents (codegen mappers point here).
import type { EnrolleeRow } from './db/schema.js';

/** An enrollee row, plus the fields the gateway sends for `supervisionStatus`'s @requires. */
export type EnrolleeModel = EnrolleeRow & {
  compliance?: { level: 'COMPLIANT' | 'AT_RISK' | 'NON_COMPLIANT'; consecutiveMisses: number } | null;
  nextHearing?: { scheduledAt: string } | null;
};
