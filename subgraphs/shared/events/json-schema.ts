// A few JSON Schema builders that also carry the TypeScript type of what they describe, so each
// event's payload has one source of truth: the schema written here types the code that appends it,
// and `npm run compose` writes the same schema to schema/events/<Type>.json.
export type JsonSchema = Record<string, unknown>;

/** A schema and (at the type level only) the value it admits. */
export interface Field<T> {
  readonly schema: JsonSchema;
  /** Never set: carries T for `TypeOf`. */
  readonly __type?: T;
}

export type TypeOf<F> = F extends Field<infer T> ? T : never;

const field = <T>(schema: JsonSchema): Field<T> => ({ schema });

export const uuid = (description: string) => field<string>({ type: 'string', format: 'uuid', description });
export const aNumber = (description = 'The person, by A-number (an identifier, never logged).') =>
  field<string>({ type: 'string', pattern: '^A[0-9]{9}$', description });
export const dateTime = (description: string) => field<string>({ type: 'string', format: 'date-time', description });
export const date = (description: string) => field<string>({ type: 'string', format: 'date', description });
export const code = (description: string) => field<string>({ type: 'string', minLength: 1, maxLength: 20, description });
export const count = (description: string) => field<number>({ type: 'integer', minimum: 0, description });
export const boolean = (description: string) => field<boolean>({ type: 'boolean', description });
export const integer = (description: string) => field<number>({ type: 'integer', minimum: 0, description });
export const oneOf = <const V extends readonly string[]>(values: V, description: string) =>
  field<V[number]>({ type: 'string', enum: [...values], description });

export function nullable<T>(inner: Field<T>): Field<T | null> {
  const { description, ...rest } = inner.schema;
  return field<T | null>({ description, anyOf: [rest, { type: 'null' }] });
}

/** An object with exactly these properties, all required (absent facts are `null`, not missing). */
export function object<S extends Record<string, Field<unknown>>>(properties: S): Field<{ [K in keyof S]: TypeOf<S[K]> }> {
  return field({
    type: 'object',
    required: Object.keys(properties),
    additionalProperties: false,
    properties: Object.fromEntries(Object.entries(properties).map(([name, f]) => [name, f.schema])),
  });
}

export function list<T>(item: Field<T>, description: string): Field<T[]> {
  return field<T[]>({ type: 'array', items: item.schema, description });
}
