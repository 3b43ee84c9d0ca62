import type { QueryResolvers } from '../generated/resolvers-types.js';
import { badUserInput } from '../../../kit/graphql/errors.js';
import { cursorMembers, parsePage, toConnection } from '../../shared/pagination.js';
import { worklistSortKey, type HearingSortKey, type WorklistOrder, type WorklistSortKey } from '../repository.js';

const DAY_MS = 86_400_000;
const ORDERS: readonly WorklistOrder[] = ['URGENCY', 'NEXT_HEARING', 'LAST_CHECK_IN', 'FAMILY_NAME'];

/** A cursor of this order's shape, exactly as worklistSortKey writes it. */
function isSortKeyOf(order: WorklistOrder) {
  return (value: unknown): value is WorklistSortKey => {
    if (!Array.isArray(value) || value[0] !== order || !ORDERS.includes(order)) return false;
    const [, ...k] = value;
    if (order === 'URGENCY') return k.length === 3 && typeof k[0] === 'string' && /^\d{1,4}$/.test(k[0]) && cursorMembers.instant(k[1]) && cursorMembers.uuid(k[2]);
    if (order === 'FAMILY_NAME') return k.length === 2 && cursorMembers.text(k[0]) && cursorMembers.uuid(k[1]);
    return k.length === 2 && cursorMembers.instant(k[0]) && cursorMembers.uuid(k[1]);
  };
}

const isHearingKey = (v: unknown): v is HearingSortKey => Array.isArray(v) && v.length === 2 && cursorMembers.instant(v[0]) && cursorMembers.uuid(v[1]);

function days(value: number | null | undefined, field: string, min: number, max: number): number | null {
  if (value == null) return null;
  if (!Number.isInteger(value) || value < min || value > max) throw badUserInput(`"${field.split('.').at(-1)}" must be between ${min} and ${max}, got ${value}`, field);
  return value;
}

const officeCode = (code: string | null | undefined, field: string) => {
  if (code == null) return null;
  const trimmed = code.trim().toUpperCase();
  if (!/^[A-Z]{3}$/.test(trimmed)) throw badUserInput(`Unknown field office code "${code}"; see Query.fieldOffices`, field);
  return trimmed;
};

export const Query: QueryResolvers = {
  async worklist(_, { filter, orderBy, first, after }, { loaders }) {
    const order = (orderBy ?? 'URGENCY') as WorklistOrder;
    const page = parsePage({ first, after }, isSortKeyOf(order));
    const f = filter ?? {};
    const listFilter = {
      ...f,
      fieldOffice: officeCode(f.fieldOffice, 'filter.fieldOffice'),
      missedCheckInsWithinDays: days(f.missedCheckInsWithinDays, 'filter.missedCheckInsWithinDays', 1, 366),
      hearingWithinDays: days(f.hearingWithinDays, 'filter.hearingWithinDays', 0, 366),
    };
    await loaders.refreshDue();
    const rows = await loaders.worklistPage(listFilter, order, page);
    return { ...toConnection(rows, page, (row) => worklistSortKey(order, row)), totalCount: () => loaders.worklistCount(listFilter) } as never;
  },

  viewer: (_, __, { caller }) => caller,

  async upcomingHearings(_, { withinDays, fieldOffice, first, after }, { loaders, now }) {
    const span = days(withinDays ?? 30, 'withinDays', 1, 366)!;
    const office = officeCode(fieldOffice, 'fieldOffice');
    const page = parsePage({ first, after }, isHearingKey);
    const to = new Date(now.getTime() + span * DAY_MS);
    const rows = await loaders.upcomingHearingsPage(to, office, page);
    const connection = toConnection(rows, page, (h) => [h.scheduledAt.toISOString(), h.hearingId]);
    return {
      ...connection,
      edges: connection.edges.map((e) => ({ cursor: e.cursor, node: { id: e.node.hearingId } })),
      totalCount: () => loaders.upcomingHearingsCount(to, office),
    } as never;
  },
};
