// Input rules shared by every mutation: each failure is a BAD_USER_INPUT error naming its field.
import { badUserInput } from '../../kit/graphql/errors.js';

const DAY_MS = 86_400_000;

/** Trimmed, non-empty text of at most `max` characters. */
export function requiredText(value: string | null | undefined, field: string, max = 500): string {
  const text = value?.trim() ?? '';
  if (!text) throw badUserInput(`"${field}" is required and cannot be blank`, field);
  if (text.length > max) throw badUserInput(`"${field}" must be at most ${max} characters, got ${text.length}`, field);
  return text;
}

/** Optional text: null when blank, else trimmed and at most `max` characters. */
export function optionalText(value: string | null | undefined, field: string, max = 200): string | null {
  const text = value?.trim() ?? '';
  if (!text) return null;
  if (text.length > max) throw badUserInput(`"${field}" must be at most ${max} characters, got ${text.length}`, field);
  return text;
}

/** An instant no earlier than `daysBefore` days before now and no later than `daysAfter` days after it. */
export function instantWithin(value: Date, field: string, now: Date, { daysBefore, daysAfter }: { daysBefore: number; daysAfter: number }): Date {
  const earliest = now.getTime() - daysBefore * DAY_MS;
  const latest = now.getTime() + daysAfter * DAY_MS;
  if (value.getTime() < earliest) throw badUserInput(`"${field}" cannot be more than ${daysBefore} days in the past`, field);
  if (value.getTime() > latest) {
    throw badUserInput(daysAfter === 0 ? `"${field}" cannot be in the future` : `"${field}" cannot be more than ${daysAfter} days in the future`, field);
  }
  return value;
}
