// What check-in resolvers receive as parents (codegen mappers point here).
import type { CheckInRow } from './db/schema.js';

/** A person as the check-in domain knows them: only the enrollment domain's id. */
export interface EnrolleeRef {
  id: string;
}

/** One due window of one person, with the check-in row recorded for it (if any). */
export interface CheckInWindow {
  enrolleeId: string;
  opensAt: Date;
  closesAt: Date;
  row: CheckInRow | null;
}
