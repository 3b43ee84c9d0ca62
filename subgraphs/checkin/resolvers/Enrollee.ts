import type { CheckInCadence, EnrolleeResolvers } from '../generated/resolvers-types.js';
import { cursorMembers, parsePage, toConnection } from '../../shared/pagination.js';
import { computeCompliance, outcomeOf } from '../compliance.js';
import { withRows } from '../loaders.js';
import type { CheckInWindow } from '../models.js';
import { activeTerm, countClosedWindows, newestWindowsBefore, openWindows, termAt, upcomingWindows, windowMs, windowsClosedWithin } from '../timeline.js';
import { windowHoursFor } from '../windows.js';

const DAY_MS = 86_400_000;

/** A `checkIns` cursor is the window's opensAt, exactly as this list wrote it. */
const isInstant = cursorMembers.instant;

/** Listed in `checkIns`: the window has closed, or something was submitted while it is open. */
const isListed = (w: CheckInWindow, now: Date) => w.closesAt <= now || w.row?.submittedAt != null;

export const Enrollee: EnrolleeResolvers = {
  // The check-in domain needs nothing but the id; its fields load through the loaders. A person a
  // partner may not see is no entity at all, the same null as an id nobody has.
  __resolveReference: async (reference, { loaders }) => ((await loaders.enrolleeVisible.load(reference.id)) ? { id: reference.id } : null),

  async checkIns({ id }, { first, after }, { loaders, now }) {
    const page = parsePage({ first, after }, isInstant, 10);
    const terms = await loaders.termsByEnrolleeId.load(id);
    const before = new Date(Math.min(page.after ? Date.parse(page.after) : Infinity, now.getTime() + 1));
    // Each term has at most one open, unlisted window, so limit + 2 per term always fills the page.
    const [candidates, open] = await Promise.all([
      withRows(loaders, id, newestWindowsBefore(terms, before, page.limit + 2)),
      withRows(loaders, id, openWindows(terms, now)),
    ]);
    const listed = candidates.filter((w) => isListed(w, now)).slice(0, page.limit + 1);
    return {
      ...toConnection(listed, page, (w) => w.opensAt.toISOString()),
      totalCount: () => countClosedWindows(terms, now) + open.filter((w) => w.row?.submittedAt != null).length,
    } as never;
  },

  async lastCheckIn({ id }, _, { loaders }) {
    const [row, terms] = await Promise.all([loaders.lastSubmittedByEnrolleeId.load(id), loaders.termsByEnrolleeId.load(id)]);
    if (!row) return null;
    // The window's length comes from the term it fell in; a row outside every term gets a day.
    const term = termAt(terms, row.dueAt);
    const lengthMs = term ? windowMs(term) : DAY_MS;
    return { enrolleeId: id, opensAt: row.dueAt, closesAt: new Date(row.dueAt.getTime() + lengthMs), row };
  },

  async nextCheckInDue({ id }, _, { loaders, now }) {
    const term = activeTerm(await loaders.termsByEnrolleeId.load(id));
    if (!term) return null;
    const [first, second] = upcomingWindows(term, now);
    if (!first) return null;
    const isOpen = first.opensAt <= now;
    const met = isOpen && (await withRows(loaders, id, [first]))[0]!.row?.submittedAt != null;
    const due = met ? second : first;
    return due ? { opensAt: due.opensAt, closesAt: due.closesAt } : null;
  },

  async compliance({ id }, _, { loaders, now }) {
    const terms = await loaders.termsByEnrolleeId.load(id);
    const windows = await withRows(loaders, id, windowsClosedWithin(terms, now, 90 * DAY_MS));
    return computeCompliance(
      windows.map((w) => ({ closesAt: w.closesAt, outcome: outcomeOf(w.closesAt, w.row) })),
      now,
    );
  },

  async checkInSchedule({ id }, _, { loaders }) {
    const term = activeTerm(await loaders.termsByEnrolleeId.load(id));
    return term && { cadence: term.checkInCadence as CheckInCadence, windowHours: windowHoursFor(term.technology), startsAt: term.startedAt };
  },
};
