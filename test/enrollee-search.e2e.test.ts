// enrollees(filter: { search }): part of an A-number in any spelling, or a name whatever its accents
// and word order, ranked; names only with personal:read; through the trigram index, not a scan.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestStack, type TestStack } from './support/stack.js';

let stack: TestStack;
const SEARCH = `query($search: String, $first: Int, $after: String) { enrollees(filter: { search: $search }, first: $first, after: $after) {
  totalCount pageInfo { hasNextPage endCursor } edges { node { id aNumber givenName familyName } } } }`;

beforeAll(async () => {
  stack = await startTestStack({ enrollees: 60 });
  const input = { aNumber: 'A987650321', givenName: 'José', familyName: 'Reyes Flores', fieldOfficeCode: 'CHI', technology: 'SMARTLINK', checkInCadence: 'WEEKLY' };
  const { body } = await stack.gql(`mutation($input: EnrollInput!) { enroll(input: $input) { id } }`, { input });
  expect(body.errors).toBeUndefined();
}, 300_000);
afterAll(() => stack?.close());

const found = async (search: string, key?: string) => {
  const { body } = await stack.gql(SEARCH, { search, first: 20 }, key);
  expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
  return body.data.enrollees;
};

it('finds a name whatever its accents, case and word order, best match first', async () => {
  for (const q of ['jose reyes', 'REYES josé', 'flores jose', 'José Reyes Flores']) {
    const list = await found(q);
    expect(list.edges[0]?.node, q).toMatchObject({ givenName: 'José', familyName: 'Reyes Flores' });
    expect(list.totalCount).toBe(list.edges.length);
  }
  expect((await found('jose zzzz')).edges).toEqual([]);
});

it('finds part of an A-number in any accepted spelling', async () => {
  for (const q of ['A987650321', 'A-987-650-321', '987650321', '650-321', '50321']) {
    expect((await found(q)).edges.map((e: any) => e.node.aNumber), q).toContain('A987650321');
  }
  const [one] = await stack.sql<{ a: string }>(`select a_number as a from enrollment.enrollees order by a_number limit 1`);
  expect((await found(one!.a.slice(1))).edges[0].node.aNumber).toBe(one!.a);
});

it('pages a ranked list without repeats, and refuses a name-order cursor', async () => {
  const [{ family }] = (await stack.sql<{ family: string }>(`select left(family_name, 2) as family from enrollment.enrollees group by 1 order by count(*) desc limit 1`)) as [{ family: string }];
  const all = await found(family);
  const paged: string[] = [];
  let after: string | null = null;
  do {
    const { body }: { body: any } = await stack.gql(SEARCH, { search: family, first: 2, after });
    paged.push(...body.data.enrollees.edges.map((e: any) => e.node.id));
    after = body.data.enrollees.pageInfo.hasNextPage ? body.data.enrollees.pageInfo.endCursor : null;
  } while (after);
  expect(paged).toEqual(all.edges.map((e: any) => e.node.id));
  const plain = await stack.gql(`{ enrollees(first: 1) { pageInfo { endCursor } } }`);
  const mixed = await stack.gql(SEARCH, { search: family, after: plain.body.data.enrollees.pageInfo.endCursor });
  expect(mixed.body.errors?.[0]?.extensions?.code).toBe('INVALID_CURSOR');
});

it('needs personal:read to search by name, not by A-number; bad input is BAD_USER_INPUT', async () => {
  const name = await stack.gql(SEARCH, { search: 'jose reyes' }, stack.keys.developer);
  expect(name.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  const number = await stack.gql(`query($s: String) { enrollees(filter: { search: $s }) { edges { node { aNumber } } } }`, { s: '987650321' }, stack.keys.developer);
  expect(number.body.errors).toBeUndefined();
  expect(number.body.data.enrollees.edges.map((e: any) => e.node.aNumber)).toContain('A987650321');
  for (const s of ['a', '12', 'x'.repeat(101)]) {
    const bad = await stack.gql(SEARCH, { search: s });
    expect(bad.body.errors?.[0]?.extensions, s).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter.search' });
  }
});

it('can be served by the trigram indexes, not a scan of enrollees', async () => {
  // At test scale a walk of any btree is as cheap as anything, so the planner is shown only the
  // indexes a search can narrow with: the others are dropped inside a transaction that rolls back.
  const driver = stack.database.driver;
  const run = async (query: (text: string) => Promise<{ rows: unknown[] }>) => {
    await query('begin');
    try {
      await query('set local enable_seqscan = off');
      await query('drop index enrollment.enrollees_name_idx, enrollment.enrollees_office_name_idx');
      await query('alter table enrollment.enrollees drop constraint enrollees_a_number_unique cascade, drop constraint enrollees_pkey cascade');
      const plan = async (where: string) => ((await query(`explain select id from enrollment.enrollees where ${where}`)).rows as Record<string, string>[]).map((r) => Object.values(r)[0]).join('\n');
      return [await plan(`enrollment.search_text(given_name, family_name) like '%reyes%'`), await plan(`a_number::text like '%650321%'`)];
    } finally {
      await query('rollback');
    }
  };
  const [byName, byNumber] =
    driver.kind === 'pglite'
      ? await run((text) => driver.client.query(text))
      : await (async () => {
          const client = await driver.client.connect();
          try {
            return await run((text) => client.query(text));
          } finally {
            client.release();
          }
        })();
  expect(byName).toContain('enrollees_search_idx');
  expect(byNumber).toContain('enrollees_a_number_trgm_idx');
});
