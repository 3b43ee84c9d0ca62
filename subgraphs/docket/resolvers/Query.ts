import type { QueryResolvers } from '../generated/resolvers-types.js';
import { auditConnection } from '../../shared/audit.js';
import { clientsOf } from '../../shared/context.js';
import { auditEvents } from '../db/schema.js';
import { badUserInput } from '../../../kit/graphql/errors.js';
import { entityId } from '../../shared/entity-keys.js';
import { cursorTuple, parsePage, toConnection } from '../../shared/pagination.js';
import { isoDay } from '../local-time.js';
import * as repo from '../repository.js';

const isHearingCursor = cursorTuple<repo.HearingSortKey>('instant', 'uuid');

export const Query: QueryResolvers = {
  docketAuditEvents(_, { aNumber, operation, first, after }, { db, caller }) {
    return auditConnection(db, auditEvents, { aNumber, operation }, { first, after }, caller) as never;
  },

  court: (_, { code }, { loaders }) => loaders.courtByCode.load(code.toUpperCase()),

  async courts(_, __, { db, loaders }) {
    const rows = await repo.findAllCourts(db);
    for (const row of rows) loaders.courtByCode.prime(row.code, row);
    return rows;
  },

  async courtCalendar(_, { courtCode, date, first, after }, { db, loaders, caller }) {
    const page = parsePage({ first, after }, isHearingCursor, 50);
    const court = await loaders.courtByCode.load(courtCode.toUpperCase());
    if (!court) throw badUserInput(`"${courtCode}" is not an immigration court code (see the courts query)`, 'courtCode');
    const day = isoDay(date);
    const partnerOrg = clientsOf(caller);
    const rows = await repo.listCourtDay(db, court.code, court.timeZone, day, page, partnerOrg);
    for (const row of rows) loaders.hearingById.prime(row.id, row);
    return {
      ...toConnection(rows, page, repo.hearingSortKey),
      totalCount: () => repo.countCourtDay(db, court.code, court.timeZone, day, partnerOrg),
    } as never;
  },

  immigrationCase: (_, { id }, { loaders }) => loaders.caseById.load(entityId(id)),

  hearing: (_, { id }, { loaders }) => loaders.hearingById.load(entityId(id)),
};
