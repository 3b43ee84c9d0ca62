// Finding a person: part of an A-number in any accepted spelling, or words of a name with accents,
// case and word order aside ("jose reyes" finds "José Reyes Flores"). Postgres does the matching
// (pg_trgm and unaccent, migration 0008): each word must appear in the unaccented name, through the
// trigram index, and similarity ranks what matched.
import { sql, type SQL } from 'drizzle-orm';
import { badUserInput } from '../../kit/graphql/errors.js';
import { enrollees } from './db/schema.js';

export type Search = { kind: 'aNumber'; digits: string } | { kind: 'name'; words: string[] };

const FIELD = 'filter.search';

export function parseSearch(raw: string): Search {
  const text = raw.trim();
  if (text.length < 2 || text.length > 100) throw badUserInput('"search" must be 2 to 100 characters', FIELD);
  if (/^[aA]?[\d\s-]+$/.test(text)) {
    const digits = text.replace(/\D/g, '');
    if (digits.length < 3) throw badUserInput('An A-number search needs at least 3 digits', FIELD);
    return { kind: 'aNumber', digits };
  }
  const words = text.split(/\s+/).filter(Boolean);
  if (words.length > 6) throw badUserInput('"search" takes at most 6 words', FIELD);
  return { kind: 'name', words };
}

const searchText = sql`enrollment.search_text(${enrollees.givenName}, ${enrollees.familyName})`;
const normalised = (value: string) => sql`lower(enrollment.unaccent(${value}::text))`;
const likeEscaped = (value: string) => value.replace(/[\\%_]/g, (c) => `\\${c}`);

/** Every condition the search puts on the list. */
export function searchConditions(search: Search): SQL[] {
  if (search.kind === 'aNumber') return [sql`${enrollees.aNumber}::text like ${`%${search.digits}%`}`];
  return search.words.map((word) => sql`${searchText} like '%' || ${normalised(likeEscaped(word))} || '%'`);
}

/** How well a row matches, as an integer (millionths of pg_trgm similarity), so it can be a cursor. */
export function searchRank(search: Search): SQL<number> {
  if (search.kind === 'aNumber') return sql<number>`(enrollment.similarity(${enrollees.aNumber}::text, ${`A${search.digits}`}) * 1000000)::int`;
  return sql<number>`(enrollment.similarity(${normalised(search.words.join(' '))}, ${searchText}) * 1000000)::int`;
}
