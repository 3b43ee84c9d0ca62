import type { EnrolleeResolvers } from '../generated/resolvers-types.js';
import { entityANumber } from '../../shared/entity-keys.js';
import { cursorTuple, parsePage, toConnection } from '../../shared/pagination.js';
import * as repo from '../repository.js';

const isHearingCursor = cursorTuple<repo.HearingSortKey>('instant', 'uuid');

export const Enrollee: EnrolleeResolvers = {
  // Anyone may be asked about: a person with no case simply has no hearings. A person a partner
  // may not see is no entity at all, the same null as an A-number nobody has.
  async __resolveReference(reference, { loaders }) {
    const aNumber = entityANumber(reference.aNumber);
    return (await loaders.personVisible.load(aNumber)) ? { aNumber } : null;
  },

  cases: ({ aNumber }, _, { loaders }) => loaders.casesByANumber.load(aNumber),

  async hearings({ aNumber }, { when, first, after }, { loaders }) {
    const filter = when ?? 'ALL';
    const page = parsePage({ first, after }, isHearingCursor);
    const rows = await loaders.hearingPage.load({ aNumber, when: filter, ...page });
    return { ...toConnection(rows, page, repo.hearingSortKey), totalCount: () => loaders.hearingCount.load(`${aNumber}|${filter}`) } as never;
  },

  nextHearing: ({ aNumber }, _, { loaders }) => loaders.nextHearingByANumber.load(aNumber),
};
