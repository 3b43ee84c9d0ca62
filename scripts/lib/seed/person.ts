// Everything one person contributes to the four schemas, from independent per-domain streams.
import { checkInRows } from './checkins.js';
import type { CourtDirectory } from './courts.js';
import { docketRows, draftCases } from './docket.js';
import { drawPerson, enrollmentRow } from './enrollment.js';
import type { LegalDirectory } from './organizations.js';
import { Rng, Stream } from './random.js';
import type { FieldOffice } from './reference.js';
import { planRepresentation } from './representation.js';
import { addCaseCopies, addEnrollmentCopies, addPersonCopies, addRepresentationCopies, addHearingCopies } from './replicas.js';
import { addReadModelRows } from './read-models.js';
import type { Batch } from './writer.js';

export interface World {
  seed: number;
  asOf: number;
  /** The instant the read models are derived at (read-models.ts): the moment of seeding. */
  evaluatedAt: Date;
  pickOffice: (rng: Rng) => FieldOffice;
  courts: CourtDirectory;
  legal: LegalDirectory;
}

export function addPerson(batch: Batch, world: World, index: number): void {
  const { seed, asOf } = world;
  const personRng = new Rng(seed, index, Stream.person);
  const person = drawPerson(personRng, seed, index, world.pickOffice(personRng), asOf);
  batch.add('enrollees', person.row);

  const checkinRng = new Rng(seed, index, Stream.checkin);
  const checkIns: unknown[][] = [];
  addPersonCopies(batch, person.row, person.enrollments.map((e) => enrollmentRow(person.id, e)));
  for (const e of person.enrollments) {
    const enrollment = enrollmentRow(person.id, e);
    batch.add('enrollments', enrollment);
    addEnrollmentCopies(batch, person.aNumber, enrollment, person.office.code);
    for (const row of checkInRows(checkinRng, person, e, asOf)) {
      batch.add('checkIns', row);
      checkIns.push(row);
    }
  }

  const docketRng = new Rng(seed, index, Stream.docket);
  const first = person.enrollments[0]!;
  const current = person.enrollments[person.enrollments.length - 1]!;
  const court = world.courts.courtFor(docketRng, person.office.code);
  const { primary, prior } = draftCases(docketRng, person.aNumber, court, first.startedAt);
  // Counsel is decided before hearings: appearance depends on it.
  const counsel = planRepresentation(new Rng(seed, index, Stream.legal), person, primary, world.legal, asOf);
  const abscondedAt = current.status === 'ABSCONDED' ? current.endedAt : null;
  const ctx = { asOf, counsel, abscondedAt };
  const allHearings: unknown[][] = [];
  for (const [draft, isPrior] of prior ? ([[prior, true], [primary, false]] as const) : ([[primary, false]] as const)) {
    const { caseRow, hearings } = docketRows(docketRng, draft, world.courts, ctx, isPrior);
    batch.add('cases', caseRow);
    addCaseCopies(batch, caseRow);
    for (const h of hearings) {
      batch.add('hearings', h);
      addHearingCopies(batch, h);
    }
    allHearings.push(...hearings);
  }
  for (const row of counsel.rows) {
    batch.add('representations', row);
    addRepresentationCopies(batch, row);
  }
  addReadModelRows(batch, { person, checkIns, hearings: allHearings, representations: counsel.rows }, world.evaluatedAt);
}
