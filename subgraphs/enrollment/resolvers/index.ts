import type { Resolvers } from '../generated/resolvers-types.js';
import { Enrollee } from './Enrollee.js';
import { Enrollment } from './Enrollment.js';
import { FieldOffice } from './FieldOffice.js';
import { Mutation } from './Mutation.js';
import { Query } from './Query.js';

export const resolvers: Resolvers = { Query, Mutation, Enrollee, Enrollment, FieldOffice };
