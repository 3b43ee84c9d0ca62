// Everything one person contributes to the four schemas, from independent per-domain streams.
import { checkInRows } from './checkins.js';
import type { CourtDirectory } from './courts.js';
import { docketRows, draftCases } from './docket.js';
import { drawPerson, enrollmentRow } from './enrollment.js';
import type { LegalDirectory } from './organizations.js';
import { Rng, Stream } from './random.js';
import type { FieldOffice } from './reference.js';
import { planRepresentation } from './representation.js';
import type { Batch } from './writer.js';

export interface World {
  seed: number;
  asOf: number;
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
  for (const e of person.enrollments) {
    batch.add('enrollments', enrollmentRow(person.id, e));
    for (const row of checkInRows(checkinRng, person, e, asOf)) batch.add('checkIns', row);
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
  for (const [draft, isPrior] of prior ? ([[prior, true], [primary, false]] as const) : ([[primary, false]] as const)) {
    const { caseRow, hearings } = docketRows(docketRng, draft, world.courts, ctx, isPrior);
    batch.add('cases', caseRow);
    for (const h of hearings) batch.add('hearings', h);
  }
  for (const row of counsel.rows) batch.add('representations', row);
}
