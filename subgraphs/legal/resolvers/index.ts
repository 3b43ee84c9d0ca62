import type { Resolvers } from '../generated/resolvers-types.js';
import { Enrollee } from './Enrollee.js';
import { ImmigrationCase } from './ImmigrationCase.js';
import { LegalOrganization } from './LegalOrganization.js';
import { Mutation } from './Mutation.js';
import { Query } from './Query.js';
import { Representation } from './Representation.js';
import { Representative } from './Representative.js';

export const resolvers: Resolvers = { Query, Mutation, Enrollee, ImmigrationCase, LegalOrganization, Representative, Representation };
