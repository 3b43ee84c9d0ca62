// Keys arriving in `_entities` representations are `_Any`, not parsed by the scalars: check them
// here so one malformed key is a BAD_USER_INPUT error, not a failed statement for the whole batch.
import { normalizeANumber } from '../../kit/graphql/a-number.js';
import { scalars } from '../../kit/graphql/scalars.js';

/** A UUID as Postgres prints it (lower case), or a BAD_USER_INPUT error. */
export function entityId(value: unknown): string {
  return (scalars.UUID!.parseValue(value) as string).toLowerCase();
}

export const entityANumber = normalizeANumber;
