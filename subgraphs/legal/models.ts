// What legal resolvers receive as parents (codegen mappers point here).

/** A person as the legal domain knows them: by A-number only. */
export interface PersonRef {
  aNumber: string;
}

/** An immigration case as the legal domain knows it: by the docket subgraph's case id. */
export interface CaseRef {
  id: string;
}
