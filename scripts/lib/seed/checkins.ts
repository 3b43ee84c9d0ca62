// Check-ins (checkin.check_ins): one row per window that was met or excused; a missed window has no
// row. Windows come from the check-in domain's own arithmetic, so due_at is always a window's opensAt.
import { windowsOpening } from '../../../subgraphs/checkin/windows.js';
import type { EnrollmentPlan, Person, Profile } from './enrollment.js';
import { drawLocation } from './places.js';
import type { Rng } from './random.js';
import { DAY_MS, HOUR_MS } from './time.js';

type Outcome = 'ON_TIME' | 'LATE' | 'EXCUSED' | 'MISSED';

// Per-window outcome odds [on time, late, excused] (the rest missed), by compliance profile.
const ODDS: Record<Profile, readonly [number, number, number]> = {
  COMPLIANT: [0.975, 0.012, 0.008],
  AT_RISK: [0.82, 0.08, 0.02],
  NON_COMPLIANT: [0.45, 0.15, 0.02],
};

const EXCUSES = [
  'Medical appointment (documentation provided)', 'Hospitalized', 'Court hearing on the due date', 'Phone lost or broken; reported to case specialist',
  'Approved travel', 'Work schedule conflict approved by case specialist', 'Family emergency',
];

function outcome(rng: Rng, profile: Profile): Outcome {
  const [onTime, late, excused] = ODDS[profile];
  const r = rng.next();
  return r < onTime ? 'ON_TIME' : r < onTime + late ? 'LATE' : r < onTime + late + excused ? 'EXCUSED' : 'MISSED';
}

function method(rng: Rng, technology: string): string {
  if (technology === 'SMARTLINK') return 'APP_PHOTO';
  if (technology === 'VOICE_ID') return 'VOICE_CALL';
  return rng.chance(0.85) ? 'OFFICE_VISIT' : 'HOME_VISIT';
}

function verification(rng: Rng): string {
  const r = rng.next();
  return r < 0.94 ? 'MATCHED' : r < 0.99 ? 'INCONCLUSIVE' : 'NOT_MATCHED';
}

/** Rows for one enrollment, each in checkin.check_ins column order. */
export function checkInRows(rng: Rng, person: Person, e: EnrollmentPlan, asOf: number): unknown[][] {
  const term = { technology: e.technology, checkInCadence: e.cadence, startedAt: new Date(e.startedAt), endedAt: e.endedAt === null ? null : new Date(e.endedAt) };
  const to = new Date(Math.min(e.endedAt ?? asOf, asOf));
  // Absconders stop checking in during the weeks before their enrollment ended.
  const silentFrom = e.status === 'ABSCONDED' && e.endedAt !== null ? e.endedAt - rng.int(21, 70) * DAY_MS : Infinity;
  const rows: unknown[][] = [];
  for (const w of windowsOpening(term, term.startedAt, to)) {
    const opens = w.opensAt.getTime();
    const closes = w.closesAt.getTime();
    if (opens >= silentFrom) continue;
    let submitted: number | null = null;
    let excuse: string | null = null;
    if (closes > asOf) {
      // Still open at asOf: some have already checked in.
      if (rng.chance(0.5)) submitted = opens + Math.floor(rng.next() * (asOf - opens));
    } else {
      const o = outcome(rng, person.profile);
      if (o === 'ON_TIME') submitted = opens + Math.floor(rng.next() ** 2 * (closes - opens - 60_000));
      else if (o === 'LATE') submitted = closes + rng.int(1, 96) * HOUR_MS - rng.int(0, 59) * 60_000;
      else if (o === 'EXCUSED') excuse = rng.pick(EXCUSES);
      if (submitted !== null && submitted >= asOf) submitted = null; // a late check-in that has not happened yet
    }
    if (submitted === null && excuse === null) continue;
    rows.push(submitted === null ? excusedRow(rng, person.id, opens, excuse!) : submittedRow(rng, person, e.technology, opens, submitted));
  }
  return rows;
}

function excusedRow(rng: Rng, enrolleeId: string, opens: number, reason: string): unknown[] {
  return [rng.uuid(), enrolleeId, new Date(opens), null, null, null, null, null, null, reason, new Date(opens)];
}

function submittedRow(rng: Rng, person: Person, technology: string, opens: number, submitted: number): unknown[] {
  const m = method(rng, technology);
  const at = new Date(submitted);
  const loc = m === 'APP_PHOTO' ? drawLocation(rng, person.office.code) : null;
  return [rng.uuid(), person.id, new Date(opens), at, m, verification(rng), loc?.lat ?? null, loc?.lon ?? null, loc?.accuracy ?? null, null, at];
}
