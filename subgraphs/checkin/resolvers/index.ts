import type { Resolvers } from '../generated/resolvers-types.js';
import { CheckIn } from './CheckIn.js';
import { Enrollee } from './Enrollee.js';
import { Mutation } from './Mutation.js';
import { Query } from './Query.js';

export const resolvers: Resolvers = { Query, Mutation, Enrollee, CheckIn };
