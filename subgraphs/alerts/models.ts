// What alerts resolvers receive as parents (codegen mappers point here).

/** The caller, as `Query.viewer` answers it: its fields read the caller from the context. */
export interface ViewerModel {
  kind: 'viewer';
  /** The caller's API key id (the entity's key). */
  keyId: string;
}
