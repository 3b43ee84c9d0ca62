import type { CheckInResolvers } from '../generated/resolvers-types.js';
import { outcomeOf } from '../compliance.js';

export const CheckIn: CheckInResolvers = {
  // Opaque but stable: the person and the instant the window opened.
  id: (w) => Buffer.from(`${w.enrolleeId}:${w.opensAt.getTime()}`).toString('base64url'),

  dueWindow: (w) => ({ opensAt: w.opensAt, closesAt: w.closesAt }),

  submittedAt: (w) => w.row?.submittedAt ?? null,

  method: (w) => (w.row?.submittedAt ? w.row.method : null),

  identityVerification: (w) => (w.row?.submittedAt ? w.row.verification : null),

  location: ({ row }) =>
    row && row.latitude != null && row.longitude != null
      ? { latitude: row.latitude, longitude: row.longitude, accuracyMeters: row.accuracyMeters }
      : null,

  outcome: (w) => outcomeOf(w.closesAt, w.row),

  excuseReason: (w) => w.row?.excuseReason ?? null,
};
