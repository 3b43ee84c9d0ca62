import type { EnrolleeResolvers } from '../generated/resolvers-types.js';
import { entityANumber } from '../../shared/entity-keys.js';
import { isStringTuple, parsePage, toConnection } from '../../shared/pagination.js';
import * as repo from '../repository.js';

const isHearingCursor = isStringTuple(2) as (value: unknown) => value is repo.HearingSortKey;

export const Enrollee: EnrolleeResolvers = {
  // Anyone may be asked about: a person with no case simply has no hearings.
  __resolveReference: (reference) => ({ aNumber: entityANumber(reference.aNumber) }),

  cases: ({ aNumber }, _, { loaders }) => loaders.casesByANumber.load(aNumber),

  async hearings({ aNumber }, { when, first, after }, { loaders }) {
    const filter = when ?? 'ALL';
    const page = parsePage({ first, after }, isHearingCursor);
    const rows = await loaders.hearingPage.load({ aNumber, when: filter, ...page });
    return { ...toConnection(rows, page, repo.hearingSortKey), totalCount: () => loaders.hearingCount.load(`${aNumber}|${filter}`) } as never;
  },

  nextHearing: ({ aNumber }, _, { loaders }) => loaders.nextHearingByANumber.load(aNumber),
};
