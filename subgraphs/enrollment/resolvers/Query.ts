import type { QueryResolvers } from '../generated/resolvers-types.js';
import { auditConnection } from '../../shared/audit.js';
import { clientsOf, requireScope } from '../../shared/context.js';
import { auditEvents } from '../db/schema.js';
import { badUserInput } from '../../../kit/graphql/errors.js';
import { cursorMembers, cursorTuple, parsePage, toConnection } from '../../shared/pagination.js';
import { parseSearch } from '../search.js';
import * as repo from '../repository.js';

const isSearchKey = (v: unknown): v is repo.SearchSortKey =>
  Array.isArray(v) && v.length === 4 && v[0] === '~search' && typeof v[1] === 'string' && /^\d{1,7}$/.test(v[1]) && cursorMembers.uuid(v[2]) && v[3] === '~';

export const Query: QueryResolvers = {
  enrollmentAuditEvents(_, { enrolleeId, aNumber, operation, first, after }, { db, caller }) {
    return auditConnection(db, auditEvents, { enrolleeId, aNumber, operation }, { first, after }, caller) as never;
  },

  enrollee: (_, { id }, { loaders }) => loaders.enrolleeById.load(id),

  enrolleeByANumber: (_, { aNumber }, { loaders }) => loaders.enrolleeByANumber.load(aNumber),

  async enrollees(_, { filter, first, after }, { db, loaders, caller }) {
    const { search: rawSearch, ...listFilter } = filter ?? {};
    const search = rawSearch == null ? null : parseSearch(rawSearch);
    // Matching on names says something about names: it needs what reading them needs.
    if (search?.kind === 'name') requireScope(caller, 'personal:read');
    const visible = { ...listFilter, clientsOf: clientsOf(caller), search };
    if (search) {
      const page = parsePage({ first, after }, isSearchKey);
      const [office, rows] = await Promise.all([listFilter.fieldOffice ? loaders.fieldOfficeByCode.load(listFilter.fieldOffice) : null, repo.searchEnrollees(db, { ...visible, search }, page)]);
      if (listFilter.fieldOffice && !office) throw badUserInput(`Unknown field office code "${listFilter.fieldOffice}"; see Query.fieldOffices`, 'filter.fieldOffice');
      for (const row of rows) loaders.enrolleeById.prime(row.id, row);
      const key = (row: (typeof rows)[number]): repo.SearchSortKey => ['~search', String(row.rank), row.id, '~'];
      return { ...toConnection(rows, page, key), totalCount: () => repo.countEnrollees(db, visible) } as never;
    }
    const page = parsePage({ first, after }, cursorTuple<repo.EnrolleeSortKey>('text', 'text', 'uuid'));
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
