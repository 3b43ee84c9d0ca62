import type { Resolvers } from '../generated/resolvers-types.js';
import { CheckIn } from './CheckIn.js';
import { Enrollee } from './Enrollee.js';

export const resolvers: Resolvers = { Enrollee, CheckIn };
