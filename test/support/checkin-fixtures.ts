// Builders for check-in tests: a person with enrollment periods (the last one current) and the
// check-in rows recorded for them, written straight to the enrollment tables and to check-in's copy
// of the terms (as its consumer would from EnrollmentStarted / EnrollmentEnded).
import { checkIns, supervisionTerms } from '../../subgraphs/checkin/db/schema.js';
import { enrollees, enrollments } from '../../subgraphs/enrollment/db/schema.js';
import type { DB } from '../../kit/database/db.js';

type Technology = (typeof enrollments.technology.enumValues)[number];
type Cadence = (typeof enrollments.checkInCadence.enumValues)[number];

export interface TermFixture {
  technology: Technology;
  cadence: Cadence;
  startedAt: Date;
  endedAt?: Date;
}

export type RowFixture = Omit<typeof checkIns.$inferInsert, 'enrolleeId'>;

/** Inserts the person named `aNumber`/`familyName` with `terms` and `rows`; returns their enrollee id. */
export async function insertPerson(db: DB, person: { aNumber: string; familyName: string }, terms: TermFixture[], rows: RowFixture[] = []): Promise<string> {
  const [enrollee] = await db.insert(enrollees).values({ ...person, givenName: 'Test', fieldOfficeCode: 'ATL' }).returning();
  const id = enrollee!.id;
  const inserted = await db.insert(enrollments).values(
    terms.map((t, i) => ({
      enrolleeId: id,
      technology: t.technology,
      checkInCadence: t.cadence,
      status: t.endedAt ? ('TRANSITIONED_OUT' as const) : ('ACTIVE' as const),
      startedAt: t.startedAt,
      endedAt: t.endedAt ?? null,
      dailyCostCents: 450,
      isCurrent: i === terms.length - 1,
    })),
  ).returning();
  await db.insert(supervisionTerms).values(
    inserted.map((e) => ({ enrollmentId: e.id, startedAt: e.startedAt, enrolleeId: id, aNumber: person.aNumber, technology: e.technology, checkInCadence: e.checkInCadence, endedAt: e.endedAt })),
  );
  if (rows.length > 0) await db.insert(checkIns).values(rows.map((r) => ({ ...r, enrolleeId: id })));
  return id;
}
