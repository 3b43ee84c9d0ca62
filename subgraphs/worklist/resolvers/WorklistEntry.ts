import type { WorklistEntryResolvers } from '../generated/resolvers-types.js';

export const WorklistEntry: WorklistEntryResolvers = {
  enrollee: (row) => ({ id: row.enrolleeId }),
  reasons: (row) => row.reasons as never,
  fieldOfficeCode: (row) => row.fieldOfficeCode!,
  currentWindowClosesAt: (row) => row.windowClosesAt,
  isRepresented: (row) => row.represented,
};
