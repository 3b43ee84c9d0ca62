// Relay connections with keyset cursors: a cursor is the sort key of the last row seen, so pages
// stay stable while rows are added and cost the same at any depth.
//
// A sort key can hold personal data (the enrollee list sorts by family name, a partner's clients by
// A-number), so the cursor a client holds is that key sealed with AES-256-GCM under CURSOR_KEY
// (secret-keys.ts): opaque, and authenticated, so a cursor the list did not write, or one altered by
// a single bit, is refused as INVALID_CURSOR before its values can reach SQL. Decoding stays one
// decryption: the page is still a keyset query, no lookup of the last row.
// The nonce is an HMAC of the sort key (the SIV construction), so the same row always gets the same
// cursor, as clients that deduplicate edges by cursor expect, and two different keys never share
// a nonce. What that reveals, that two cursors point at the same row, the client knows anyway.
import { createCipheriv, createDecipheriv, createHmac, hkdfSync } from 'node:crypto';
import { cursorKey } from './secret-keys.js';
import { MAX_PAGE_SIZE } from '../../kit/graphql/page-size.js';
import { badUserInput, domainError, ErrorCode } from '../../kit/graphql/errors.js';

export interface PageArgs {
  first?: number | null;
  after?: string | null;
}

export interface Page<K> {
  /** Rows to return. */
  limit: number;
  /** The decoded sort key to continue after, or null for the first page. */
  after: K | null;
}

/** Validates `first` and decodes `after`; `isKey` checks the decoded cursor's shape. */
export function parsePage<K>(args: PageArgs, isKey: (value: unknown) => value is K, defaultSize = 20): Page<K> {
  const first = args.first ?? defaultSize;
  if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE_SIZE) {
    throw badUserInput(`"first" must be between 1 and ${MAX_PAGE_SIZE}, got ${first}`, 'first');
  }
  if (args.after == null) return { limit: first, after: null };
  return { limit: first, after: decodeCursor(args.after, isKey) };
}

const ALGORITHM = 'aes-256-gcm';
const IV_BYTES = 12;
const TAG_BYTES = 16;
/** Far above any cursor this code writes; a longer one is refused before any decryption. */
const MAX_CURSOR_LENGTH = 2048;

/** Separate keys for the nonce and the cipher, both derived from CURSOR_KEY. */
let keys: { nonce: Buffer; cipher: Buffer } | undefined;
function derivedKeys() {
  const derive = (info: string) => Buffer.from(hkdfSync('sha256', cursorKey(), Buffer.alloc(0), info, 32));
  keys ??= { nonce: derive('cursor nonce'), cipher: derive('cursor cipher') };
  return keys;
}

export function encodeCursor(key: unknown): string {
  const plain = JSON.stringify(key);
  const { nonce, cipher: cipherKey } = derivedKeys();
  const iv = createHmac('sha256', nonce).update(plain).digest().subarray(0, IV_BYTES);
  const cipher = createCipheriv(ALGORITHM, cipherKey, iv);
  const sealed = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return Buffer.concat([iv, sealed, cipher.getAuthTag()]).toString('base64url');
}

/** The sort key sealed in `cursor`, or undefined when it is not a cursor this service wrote. */
function openCursor(cursor: string): unknown {
  if (cursor.length > MAX_CURSOR_LENGTH) return undefined;
  const bytes = Buffer.from(cursor, 'base64url');
  // Node's decoder skips characters outside the alphabet and ignores a last character's unused
  // bits, so two spellings can open to the same bytes; only the one this code writes is a cursor.
  if (bytes.toString('base64url') !== cursor) return undefined;
  if (bytes.length <= IV_BYTES + TAG_BYTES) return undefined;
  try {
    const decipher = createDecipheriv(ALGORITHM, derivedKeys().cipher, bytes.subarray(0, IV_BYTES));
    decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
    const plain = Buffer.concat([decipher.update(bytes.subarray(IV_BYTES, bytes.length - TAG_BYTES)), decipher.final()]);
    return JSON.parse(plain.toString('utf8'));
  } catch {
    return undefined;
  }
}

function decodeCursor<K>(cursor: string, isKey: (value: unknown) => value is K): K {
  const value = openCursor(cursor);
  if (!isKey(value)) throw domainError(ErrorCode.INVALID_CURSOR, '"after" is not a cursor this list returned', 'after');
  return value;
}

export interface Connection<T> {
  edges: { cursor: string; node: T }[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
}

/**
 * Builds a connection from up to `limit + 1` rows (the extra row only says whether a next page exists).
 */
export function toConnection<T>(rows: T[], page: Page<unknown>, keyOf: (row: T) => unknown): Connection<T> {
  const nodes = rows.slice(0, page.limit);
  const edges = nodes.map((node) => ({ cursor: encodeCursor(keyOf(node)), node }));
  return {
    edges,
    pageInfo: {
      hasNextPage: rows.length > page.limit,
      hasPreviousPage: page.after !== null,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
  };
}

// The members a sort key is made of. Checked after decryption too (defence in depth: a cursor from
// another list of the same service opens fine), so nothing but well-formed values reaches a
// `::uuid` or `::timestamptz` cast.
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const cursorMembers = {
  text: (v: unknown): v is string => typeof v === 'string',
  uuid: (v: unknown): v is string => typeof v === 'string' && UUID.test(v),
  /** An instant exactly as Date#toISOString writes it. */
  instant: (v: unknown): v is string => typeof v === 'string' && !Number.isNaN(Date.parse(v)) && new Date(v).toISOString() === v,
} as const;

type Member = (typeof cursorMembers)[keyof typeof cursorMembers];

/** Type guard for cursors that are tuples of the given members, e.g. `cursorTuple('instant', 'uuid')`. */
export function cursorTuple<K extends string[]>(...members: (keyof typeof cursorMembers)[]) {
  const checks: Member[] = members.map((m) => cursorMembers[m]);
  return (value: unknown): value is K => Array.isArray(value) && value.length === checks.length && checks.every((check, i) => check(value[i]));
}
