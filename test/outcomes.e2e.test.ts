// supervisionOutcomes end to end through the gateway: every measure equals a second computation
// over the source domains' tables, cell by cell, for several groupings; no cell shows or lets one
// derive a count from 1 to 10; a recorded hearing outcome shows within 5 s; the CSV export says
// what the API says, behind the same key, scope and refusals.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { referencePersonDays, referenceQueries, type Grouping } from './support/outcomes-reference.js';
import { referenceDatabase, type ReferenceDatabase } from './support/outcomes-reference-db.js';
import { startTestStack, type TestStack } from './support/stack.js';

const RATE = 'numerator denominator rate lower95 upper95 suppressed';
const TABLE = `query($groupBy: [OutcomeDimension!]!, $fiscalYear: Int) {
  supervisionOutcomes(groupBy: $groupBy, fiscalYear: $fiscalYear) {
    asOf disclosure groupBy
    rows {
      represented supervision technology fieldOfficeCode courtCode fiscalYear month
      appearanceRate { ${RATE} } attendanceRate { ${RATE} } inAbsentiaRate { ${RATE} } absconderRate { ${RATE} } caseOpenAtExitRate { ${RATE} }
      lengthInProgram { enrollmentsEnded averageDays averageMonths suppressed }
      cost { people personDays atdCost detentionCostSameDays detentionCostAverageStay suppressed }
    }
  }
}`;
const FIELD: Record<string, string> = {
  REPRESENTATION: 'represented',
  SUPERVISION: 'supervision',
  TECHNOLOGY: 'technology',
  FIELD_OFFICE: 'fieldOfficeCode',
  COURT: 'courtCode',
  FISCAL_YEAR: 'fiscalYear',
  MONTH: 'month',
};
const COLUMN: Record<string, string> = { represented: 'represented', supervision: 'supervision', technology: 'technology', fieldOfficeCode: 'field_office_code', courtCode: 'court_code', fiscalYear: 'fiscal_year', month: 'month' };
const RATES = ['appearanceRate', 'attendanceRate', 'inAbsentiaRate', 'absconderRate', 'caseOpenAtExitRate'] as const;

let stack: TestStack;
let referenceDb: ReferenceDatabase;
let fiscalYear: number;

beforeAll(async () => {
  stack = await startTestStack({ enrollees: 1_500 });
  referenceDb = await referenceDatabase(stack);
  const now = new Date();
  fiscalYear = now.getUTCMonth() >= 9 ? now.getUTCFullYear() + 1 : now.getUTCFullYear();
}, 600_000);
afterAll(async () => {
  await referenceDb?.close();
  await stack?.close();
});

async function table(groupBy: Grouping, fy?: number, key?: string) {
  const { body } = await stack.gql(TABLE, { groupBy, fiscalYear: fy }, key ?? stack.keys.developer);
  expect(body.errors).toBeUndefined();
  return body.data.supervisionOutcomes as { asOf: string; disclosure: string; rows: Record<string, any>[] };
}

const keyOf = (row: Record<string, unknown>, groupBy: Grouping) => JSON.stringify(groupBy.map((d) => row[FIELD[d]!] ?? row[COLUMN[FIELD[d]!]!] ?? null));
const small = (n: number) => n >= 1 && n <= 10;

/** The second computation's cells: per population, key -> counts. */
async function reference(groupBy: Grouping, fy?: number) {
  const queries = referenceQueries(groupBy, fy);
  const out: Record<string, Map<string, Record<string, number>>> = {};
  const sql = await referenceDb.current();
  for (const [name, query] of Object.entries(queries)) {
    const rows = await sql<Record<string, any>>(query);
    out[name] = new Map(rows.map((r) => [keyOf(r, groupBy), r]));
  }
  return out as Record<keyof typeof queries, Map<string, Record<string, number>>>;
}

const GROUPINGS: [Grouping, number | undefined][] = [
  [[], undefined],
  [['REPRESENTATION'], undefined],
  [['SUPERVISION'], undefined],
  [['REPRESENTATION', 'SUPERVISION'], undefined],
  [['FISCAL_YEAR'], undefined],
  [['FIELD_OFFICE'], undefined],
  [['TECHNOLOGY', 'REPRESENTATION'], undefined],
  [['COURT'], undefined],
  [['REPRESENTATION', 'MONTH'], undefined],
  [['FIELD_OFFICE', 'REPRESENTATION'], 0],
  // Finer than the cells the read model keeps (three dimensions, the fiscal year included): counted
  // from the facts per request.
  [['SUPERVISION', 'TECHNOLOGY', 'REPRESENTATION'], 0],
  [['REPRESENTATION', 'SUPERVISION', 'TECHNOLOGY', 'FISCAL_YEAR'], undefined],
];

describe('supervisionOutcomes equals a second computation over the source domains', () => {
  it.each(GROUPINGS)('grouped by %j (fiscal year: %s)', async (groupBy, fyChoice) => {
    const fy = fyChoice === 0 ? fiscalYear - 1 : fyChoice;
    const [ours, theirs] = await Promise.all([table(groupBy, fy), reference(groupBy, fy)]);
    expect(ours.disclosure).toBe('SUPPRESS_UNDER_11');
    const expectedKeys = new Set([...theirs.hearings.keys(), ...theirs.completions.keys(), ...theirs.exits.keys()]);
    const ourKeys = new Set(ours.rows.map((r) => keyOf(r, groupBy)));
    // Rows the cost alone brings (offices with supervision days but no hearing, exit or decision) are extra.
    for (const key of expectedKeys) expect(ourKeys, key).toContain(key);
    let shown = 0;
    for (const row of ours.rows) {
      const key = keyOf(row, groupBy);
      const pairs: [string, Record<string, number> | undefined, string][] = [
        ['attendanceRate', theirs.hearings.get(key), 'k'],
        ['appearanceRate', theirs.people.get(key), 'k'],
        ['inAbsentiaRate', theirs.completions.get(key), 'k'],
        ['absconderRate', theirs.exits.get(key), 'k'],
        ['caseOpenAtExitRate', theirs.exits.get(key), 'open'],
      ];
      for (const [measure, cell, part] of pairs) {
        const n = cell?.n ?? 0;
        const k = cell?.[part] ?? 0;
        const got = row[measure];
        if (small(n) || small(k) || small(n - k)) expect(got.suppressed, `${measure} ${key} must be withheld`).toBe(true);
        if (got.suppressed) {
          expect([got.numerator, got.denominator, got.rate, got.lower95, got.upper95]).toEqual([null, null, null, null, null]);
          continue;
        }
        shown++;
        expect([got.numerator, got.denominator], `${measure} ${key}`).toEqual([k, n]);
        if (n) expect(got.rate).toBeCloseTo(k / n, 12);
        if (n) expect(got.lower95 <= got.rate && got.rate <= got.upper95).toBe(true);
      }
      const ended = theirs.exits.get(key);
      if (!row.lengthInProgram.suppressed && ended) expect(row.lengthInProgram.averageDays).toBeCloseTo(ended.days! / ended.n!, 9);
    }
    expect(shown, 'some cells are shown').toBeGreaterThan(0);
  });

  it('counts person-days and their cost over the same enrollments', async () => {
    const fy = fiscalYear - 1;
    for (const byOffice of [false, true]) {
      const groupBy = byOffice ? ['FIELD_OFFICE'] : [];
      const ours = await table(groupBy, fy);
      const theirs = await (await referenceDb.current())<{ field_office_code?: string; people: number; days: number }>(referencePersonDays(fy, new Date(ours.asOf), byOffice));
      for (const cell of theirs) {
        const row = ours.rows.find((r) => (byOffice ? r.fieldOfficeCode === cell.field_office_code : true))!;
        if (cell.people <= 10) {
          expect(row.cost.suppressed).toBe(true);
          continue;
        }
        expect(row.cost.people).toBe(cell.people);
        expect(row.cost.personDays).toBeCloseTo(cell.days, 3);
        expect(row.cost.detentionCostSameDays).toBeCloseTo(cell.days * 152, 0);
        expect(row.cost.detentionCostAverageStay).toBeCloseTo(cell.people * 45 * 152, 6);
        expect(row.cost.atdCost).toBeGreaterThan(0);
      }
    }
  });
});

describe('disclosure control', () => {
  const DIFFERENCING: Grouping[] = [['FIELD_OFFICE', 'REPRESENTATION'], ['COURT', 'SUPERVISION'], ['TECHNOLOGY', 'FISCAL_YEAR'], ['REPRESENTATION', 'MONTH']];

  it('shows no count from 1 to 10, nor any difference of two counts it shows', async () => {
    for (const groupBy of [...DIFFERENCING, ['FIELD_OFFICE', 'REPRESENTATION', 'SUPERVISION']]) {
      for (const row of (await table(groupBy)).rows) {
        for (const measure of RATES) {
          const { numerator, denominator, suppressed } = row[measure];
          if (suppressed) continue;
          expect([numerator, denominator, denominator - numerator].filter(small), `${measure} ${keyOf(row, groupBy)}`).toEqual([]);
        }
      }
    }
  });

  it('withholds cells so that differencing a query against the one with a dimension fewer recovers none', async () => {
    let suppressed = 0;
    for (const groupBy of DIFFERENCING) {
      const detailed = await table(groupBy);
      for (const dropped of groupBy) {
        const rest = groupBy.filter((d) => d !== dropped);
        const margins = new Map((await table(rest)).rows.map((r) => [keyOf(r, rest), r]));
        const lines = new Map<string, Record<string, any>[]>();
        for (const row of detailed.rows) lines.set(keyOf(row, rest), [...(lines.get(keyOf(row, rest)) ?? []), row]);
        for (const [lineKey, line] of lines) {
          for (const measure of ['attendanceRate', 'inAbsentiaRate', 'absconderRate'] as const) {
            const hidden = line.filter((r) => r[measure].suppressed);
            suppressed += hidden.length;
            const margin = margins.get(lineKey)?.[measure];
            if (hidden.length !== 1 || !margin || margin.suppressed) continue;
            // The attack: the margin minus every visible cell of its line leaves the one withheld cell.
            const visible = line.filter((r) => !r[measure].suppressed);
            const recovered = margin.denominator - visible.reduce((sum, r) => sum + r[measure].denominator, 0);
            expect.fail(`${measure} ${JSON.stringify(groupBy)} line ${lineKey}: the withheld cell is ${recovered}`);
          }
        }
      }
    }
    expect(suppressed, 'the data set has withheld cells to attack').toBeGreaterThan(0);
  });

  it('answers one fiscal year as the slice of the year-by-year table, withheld cells included', async () => {
    let withheld = 0;
    for (const groupBy of [['FIELD_OFFICE'], ['COURT'], ['TECHNOLOGY', 'REPRESENTATION'], ['REPRESENTATION', 'SUPERVISION']]) {
      // Person-days still running grow with each request's clock: of the cost, who and whether withheld.
      const settled = (r: Record<string, any>): Record<string, any> => ({ ...r, cost: r.cost && { people: r.cost.people, suppressed: r.cost.suppressed } });
      const byYear = (await table([...groupBy, 'FISCAL_YEAR'])).rows;
      for (const fy of new Set(byYear.map((r) => r.fiscalYear as number))) {
        const slice = byYear.filter((r) => r.fiscalYear === fy).map((r) => settled({ ...r, fiscalYear: null }));
        withheld += slice.filter((r) => r.attendanceRate.suppressed).length;
        expect((await table(groupBy, fy)).rows.map(settled), `${JSON.stringify(groupBy)} in ${fy}`).toEqual(slice);
      }
    }
    expect(withheld).toBeGreaterThan(0);
  });

  it('rounds every count to the nearest 10 under the OHSS setting', async () => {
    process.env.OUTCOMES_DISCLOSURE = 'round-to-10';
    try {
      const rounded = await table(['FIELD_OFFICE']);
      expect(rounded.disclosure).toBe('ROUND_TO_10');
      for (const row of rounded.rows) {
        for (const measure of RATES) {
          expect(row[measure].suppressed).toBe(false);
          expect(row[measure].numerator % 10).toBe(0);
          expect(row[measure].denominator % 10).toBe(0);
        }
      }
    } finally {
      delete process.env.OUTCOMES_DISCLOSURE;
    }
  });
});

describe('the cost, summed per request', () => {
  const RATES_ONLY = `query($groupBy: [OutcomeDimension!]!, $fiscalYear: Int) {
    supervisionOutcomes(groupBy: $groupBy, fiscalYear: $fiscalYear) { rows { technology ...Attendance } }
  }
  fragment Attendance on OutcomeRow { attendanceRate { ${RATE} } }`;

  /** The outcomes subgraph's statements for one request. */
  async function statementsOf(query: string, variables: Record<string, unknown>) {
    const counter = stack.statements.outcomes!;
    counter.log = [];
    try {
      const { body } = await stack.gql(query, variables, stack.keys.staff);
      expect(body.errors).toBeUndefined();
      return { rows: body.data.supervisionOutcomes.rows as Record<string, any>[], sql: counter.log.map((s) => s.text) };
    } finally {
      delete counter.log;
    }
  }

  it('is summed only when a row\'s cost is selected, through a fragment too, and the other measures do not change', async () => {
    const variables = { groupBy: ['TECHNOLOGY'], fiscalYear };
    const without = await statementsOf(RATES_ONLY, variables);
    const withCost = await statementsOf(TABLE, variables);
    const periods = (sql: string[]) => sql.filter((text) => text.includes('supervision_periods_copy')).length;
    expect(periods(without.sql)).toBe(0);
    expect(periods(withCost.sql)).toBe(1);
    const viaFragment = await statementsOf(`query($groupBy: [OutcomeDimension!]!, $fiscalYear: Int) {
      supervisionOutcomes(groupBy: $groupBy, fiscalYear: $fiscalYear) { rows { technology ...Spent } }
    }
    fragment Spent on OutcomeRow { cost { people } }`, variables);
    expect(periods(viaFragment.sql)).toBe(1);
    const attendance = (rows: Record<string, any>[]) => Object.fromEntries(rows.filter((r) => r.attendanceRate.denominator !== 0).map((r) => [r.technology, r.attendanceRate]));
    expect(attendance(without.rows)).toEqual(attendance(withCost.rows));
  });
});

describe('access and freshness', () => {
  it('is open to every key kind with statistics:read, and refused without it', async () => {
    const [org] = await stack.sql<{ id: string }>('select id from legal.organizations order by id limit 1');
    const partner = await stack.createKey({ name: 'outcomes partner', kind: 'partner', organizationId: org!.id });
    for (const key of [stack.keys.staff, stack.keys.developer, partner]) expect((await table([], undefined, key)).rows).toHaveLength(1);
    const auditor = await stack.createKey({ name: 'no statistics', kind: 'staff', scopes: ['enrollees:read'] });
    const { body } = await stack.gql(TABLE, { groupBy: [] }, auditor);
    expect(body.data.supervisionOutcomes).toBeNull();
    expect(body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const twice = await stack.gql(TABLE, { groupBy: ['COURT', 'COURT'] });
    expect(twice.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'groupBy' });
  });

  it('reflects a hearing outcome recorded through the gateway within 5 s', async () => {
    // The seed schedules hearings from the start of today on, so whether one has already started
    // depends on the hour the suite runs; an outcome is refused before its hearing starts. Take the
    // soonest and, in the docket's own table, let it have started an hour ago.
    const [due] = await stack.sql<{ id: string }>(`select id from docket.hearings where status = 'SCHEDULED' order by scheduled_at, id limit 1`);
    expect(due, 'a seeded hearing awaiting its outcome').toBeDefined();
    await stack.sql(`update docket.hearings set scheduled_at = least(scheduled_at, now() - interval '1 hour') where id = '${due!.id}'`);
    const before = (await table([], undefined, stack.keys.staff)).rows[0]!.attendanceRate.denominator;
    const recorded = await stack.gql(`mutation($input: RecordHearingOutcomeInput!) { recordHearingOutcome(input: $input) { id status } }`, { input: { hearingId: due!.id, attendance: 'APPEARED' } }, stack.keys.staff);
    expect(recorded.body.errors).toBeUndefined();
    const started = Date.now();
    let after = before;
    while (after === before && Date.now() - started < 5_000) after = (await table([], undefined, stack.keys.staff)).rows[0]!.attendanceRate.denominator;
    expect(after).toBe(before + 1);
  });
});

describe('GET /exports/supervision-outcomes.csv', () => {
  const exportUrl = (query: string) => stack.gatewayUrl.replace(/\/graphql$/, `/exports/supervision-outcomes.csv?${query}`);

  it('answers the same cells as the API, one row per cell, withheld values empty', async () => {
    const response = await fetch(exportUrl('groupBy=FIELD_OFFICE,REPRESENTATION'), { headers: { authorization: `Bearer ${stack.keys.developer}` } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/csv/);
    const [header, ...lines] = (await response.text()).trimEnd().split('\r\n');
    const columns = header!.split(',');
    expect(columns.slice(0, 4)).toEqual(['represented', 'field_office_code', 'appearance_numerator', 'appearance_denominator']);
    const api = await table(['FIELD_OFFICE', 'REPRESENTATION']);
    expect(lines).toHaveLength(api.rows.length);
    for (const [i, line] of lines.entries()) {
      const values = Object.fromEntries(line.split(',').map((v, j) => [columns[j], v]));
      const row = api.rows[i]!;
      expect(values.field_office_code).toBe(row.fieldOfficeCode ?? '');
      expect(values.attendance_suppressed).toBe(String(row.attendanceRate.suppressed));
      expect(values.attendance_denominator).toBe(row.attendanceRate.suppressed ? '' : String(row.attendanceRate.denominator));
      if (values.attendance_suppressed === 'true') expect(values.attendance_numerator).toBe('');
    }
  });

  it('refuses without a key, without the scope, and with bad arguments, as /graphql does', async () => {
    expect((await fetch(exportUrl(''))).status).toBe(401);
    const noScope = await stack.createKey({ name: 'csv no statistics', kind: 'staff', scopes: ['docket:read'] });
    expect((await fetch(exportUrl(''), { headers: { authorization: `Bearer ${noScope}` } })).status).toBe(403);
    const bad = await fetch(exportUrl('groupBy=NOT_A_DIMENSION'), { headers: { authorization: `Bearer ${stack.keys.developer}` } });
    expect(bad.status).toBe(400);
    expect((await fetch(exportUrl(''), { method: 'POST', headers: { authorization: `Bearer ${stack.keys.developer}` } })).status).toBe(405);
  });
});
