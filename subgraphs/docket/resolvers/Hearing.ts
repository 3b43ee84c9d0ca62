import type { HearingResolvers } from '../generated/resolvers-types.js';
import { entityId } from '../../shared/entity-keys.js';
import { wallClock } from '../local-time.js';

export const Hearing: HearingResolvers = {
  __resolveReference: (reference, { loaders }) => loaders.hearingById.load(entityId(reference.id)),

  localDate: async (row, _, { loaders }) => wallClock(row.scheduledAt, (await loaders.courtByCode.load(row.courtCode))!.timeZone).date,

  localTime: async (row, _, { loaders }) => wallClock(row.scheduledAt, (await loaders.courtByCode.load(row.courtCode))!.timeZone).time,

  timeZone: async (row, _, { loaders }) => (await loaders.courtByCode.load(row.courtCode))!.timeZone,

  immigrationCase: async (row, _, { loaders }) => (await loaders.caseById.load(row.caseId))!,

  court: async (row, _, { loaders }) => (await loaders.courtByCode.load(row.courtCode))!,

  respondent: (row) => ({ aNumber: row.aNumber }),

  rescheduledAs: (row, _, { loaders }) => (row.rescheduledAsId ? loaders.hearingById.load(row.rescheduledAsId) : null),
};
