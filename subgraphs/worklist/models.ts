// What worklist resolvers receive as parents (codegen mappers point here).
import type { Caller } from '../shared/context.js';
import type { PersonRow } from './db/schema.js';

/** A worklist row: the read model's row for one person. */
export type WorklistEntryModel = PersonRow;

/** An upcoming hearing as the worklist knows it: its id (the docket answers the rest). */
export interface HearingRef {
  id: string;
}

/** The caller the gateway vouched for. */
export type ViewerModel = Caller;
