import type { Resolvers } from '../generated/resolvers-types.js';
import { Query } from './Query.js';

export const resolvers: Resolvers = { Query };
