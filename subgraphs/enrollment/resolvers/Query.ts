import type { QueryResolvers } from '../generated/resolvers-types.js';
import { auditConnection } from '../../shared/audit.js';
import { clientsOf } from '../../shared/context.js';
import { auditEvents } from '../db/schema.js';
import { badUserInput } from '../../shared/errors.js';
import { isStringTuple, parsePage, toConnection } from '../../shared/pagination.js';
import * as repo from '../repository.js';

export const Query: QueryResolvers = {
  enrollmentAuditEvents(_, { enrolleeId, aNumber, operation, first, after }, { db }) {
    return auditConnection(db, auditEvents, { enrolleeId, aNumber, operation }, { first, after }) as never;
  },

  enrollee: (_, { id }, { loaders }) => loaders.enrolleeById.load(id),

  enrolleeByANumber: (_, { aNumber }, { loaders }) => loaders.enrolleeByANumber.load(aNumber),

  async enrollees(_, { filter, first, after }, { db, loaders, caller }) {
    const page = parsePage({ first, after }, isStringTuple(3) as (v: unknown) => v is repo.EnrolleeSortKey);
    const listFilter = filter ?? {};
    const visible = { ...listFilter, clientsOf: clientsOf(caller) };
    // The office check and the page go to the database side by side: an unknown office only ever
    // finds an empty page, and a known one should not wait a round trip for its check.
    const [office, rows] = await Promise.all([listFilter.fieldOffice ? loaders.fieldOfficeByCode.load(listFilter.fieldOffice) : null, repo.listEnrollees(db, visible, page)]);
    if (listFilter.fieldOffice && !office) {
      throw badUserInput(`Unknown field office code "${listFilter.fieldOffice}"; see Query.fieldOffices`, 'filter.fieldOffice');
    }
    for (const row of rows) loaders.enrolleeById.prime(row.id, row);
    return { ...toConnection(rows, page, repo.enrolleeSortKey), totalCount: () => repo.countEnrollees(db, visible) } as never;
  },

  fieldOffices: (_, __, { db }) => repo.findFieldOffices(db),
};
