// What docket resolvers receive as parents (codegen mappers point here and at the drizzle rows).

/** A person as the docket domain knows them: by A-number only. */
export interface PersonRef {
  aNumber: string;
}
