import type { Resolvers } from '../generated/resolvers-types.js';
import { Court } from './Court.js';
import { Enrollee } from './Enrollee.js';
import { Hearing } from './Hearing.js';
import { ImmigrationCase } from './ImmigrationCase.js';
import { Mutation } from './Mutation.js';
import { Query } from './Query.js';

export const resolvers: Resolvers = { Query, Mutation, Enrollee, Court, ImmigrationCase, Hearing };
