import type { Resolvers } from '../generated/resolvers-types.js';
import { Query } from './Query.js';
import { Viewer } from './Viewer.js';
import { WorklistEntry } from './WorklistEntry.js';

export const resolvers: Resolvers = { Query, Viewer, WorklistEntry };
