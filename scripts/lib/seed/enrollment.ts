// A person and their enrollment history (enrollment.enrollees, enrollment.enrollments).
import { drawIdentity } from './names.js';
import { DAILY_COST_CENTS } from '../../../subgraphs/enrollment/daily-cost.js';
import { drawAddress, drawPhone } from './places.js';
import { type Rng, weightedPicker } from './random.js';
import { DAY_MS, HOUR_MS, isoDate } from './time.js';
import type { FieldOffice } from './reference.js';

export type Technology = 'SMARTLINK' | 'GPS_ANKLE_MONITOR' | 'VOICE_ID' | 'WRISTWORN' | 'NO_TECH';
export type Status = 'ACTIVE' | 'TRANSITIONED_OUT' | 'TERMINATED' | 'ABSCONDED';
export type Profile = 'COMPLIANT' | 'AT_RISK' | 'NON_COMPLIANT';

export interface EnrollmentPlan {
  id: string;
  technology: Technology;
  cadence: 'WEEKLY' | 'BIWEEKLY' | 'MONTHLY';
  status: Status;
  startedAt: number;
  endedAt: number | null;
  endReason: string | null;
  dailyCostCents: number;
  isCurrent: boolean;
}

export interface Person {
  id: string;
  aNumber: string;
  office: FieldOffice;
  profile: Profile;
  /** Oldest first; the last one is the current one. */
  enrollments: EnrollmentPlan[];
  /** Row of enrollment.enrollees in column order. */
  row: unknown[];
}

// FY2023 ATD technology mix: ~93% SmartLINK, ~5% VoiceID, ~2% GPS, a handful wrist-worn, rare none.
const pickTechnology = weightedPicker<Technology>([['SMARTLINK', 92.85], ['VOICE_ID', 5], ['GPS_ANKLE_MONITOR', 2], ['WRISTWORN', 0.1], ['NO_TECH', 0.05]]);
// How enrollments end. ICE reports an ATD absconder rate under 10% of enrollments ended (issue 15's
// published range): ABSCONDED is ~7% of ended current enrollments (2 of 28) and earlier enrollments
// never abscond, so enrollments ended ABSCONDED ÷ all ended lands near 6-7%.
const STATUS_WEIGHTS: [Status, number][] = [['ACTIVE', 72], ['TRANSITIONED_OUT', 17], ['TERMINATED', 9], ['ABSCONDED', 2]];
const pickStatus = weightedPicker<Status>(STATUS_WEIGHTS);
const pickProfile = weightedPicker<Profile>([['COMPLIANT', 78], ['AT_RISK', 16], ['NON_COMPLIANT', 6]]);

const END_REASONS: Record<Exclude<Status, 'ACTIVE'>, readonly string[]> = {
  TRANSITIONED_OUT: ['Stepped down: compliant for the review period', 'Case completed: relief granted', 'Transferred to case management only', 'Departed the United States voluntarily'],
  TERMINATED: ['Removed from the United States', 'Taken into custody', 'Arrested on a criminal charge', 'Terminated at ERO discretion', 'Repeated equipment violations'],
  ABSCONDED: ['Absconded: no contact for 30 days or more', 'Device abandoned; whereabouts unknown', 'Failed to report after repeated missed check-ins'],
};

/** Triangular-ish draw in [lo, hi] with mean (lo + hi) / 2. */
const spread = (rng: Rng, lo: number, hi: number) => lo + ((hi - lo) * (rng.next() + rng.next())) / 2;

/** Weekly supervision is most common early in enrolment, monthly after a year. */
function drawCadence(rng: Rng, technology: Technology, ageDays: number): EnrollmentPlan['cadence'] {
  if (technology === 'GPS_ANKLE_MONITOR' && rng.chance(0.6)) return 'WEEKLY';
  const [w, b] = ageDays < 90 ? [0.7, 0.2] : ageDays < 365 ? [0.35, 0.4] : [0.15, 0.35];
  const r = rng.next();
  return r < w ? 'WEEKLY' : r < w + b ? 'BIWEEKLY' : 'MONTHLY';
}

function plan(rng: Rng, status: Status, startedAt: number, endedAt: number | null, asOf: number): EnrollmentPlan {
  const technology = pickTechnology(rng);
  const cadence = drawCadence(rng, technology, ((endedAt ?? asOf) - startedAt) / DAY_MS);
  const endReason = status === 'ACTIVE' ? null : rng.pick(END_REASONS[status]);
  return { id: rng.uuid(), technology, cadence, status, startedAt, endedAt, endReason, dailyCostCents: DAILY_COST_CENTS[technology], isCurrent: false };
}

/** Enrolled during office hours (14:00-23:00 UTC covers 08:00-16:00 across US zones). */
const officeHours = (rng: Rng, day: number) => Math.floor(day / DAY_MS) * DAY_MS + 14 * HOUR_MS + rng.int(0, 9 * 60 - 1) * 60_000;

function drawEnrollments(rng: Rng, asOf: number): EnrollmentPlan[] {
  const status = pickStatus(rng);
  let current: EnrollmentPlan;
  if (status === 'ACTIVE') {
    current = plan(rng, status, officeHours(rng, asOf - spread(rng, 1, 940) * DAY_MS), null, asOf);
  } else {
    const endedAt = officeHours(rng, asOf - spread(rng, 1, 720) * DAY_MS);
    const length = status === 'ABSCONDED' ? spread(rng, 40, 700) : spread(rng, 60, 960);
    current = plan(rng, status, officeHours(rng, endedAt - length * DAY_MS), endedAt, asOf);
  }
  const history = [current];
  if (rng.chance(0.07)) {
    // An earlier enrollment that ended before this one began (re-enrolled after a gap).
    const endedAt = officeHours(rng, current.startedAt - spread(rng, 20, 400) * DAY_MS);
    history.unshift(plan(rng, rng.chance(0.6) ? 'TRANSITIONED_OUT' : 'TERMINATED', officeHours(rng, endedAt - spread(rng, 60, 600) * DAY_MS), endedAt, asOf));
  }
  current.isCurrent = true; // the active one, else the latest: either way the last
  return history;
}

/** A-number `A2xxxxxxxx`: a seed-dependent bijection of the person index, so always unique. */
export function aNumberOf(seed: number, index: number): string {
  const offset = Math.abs(Math.imul(seed ^ 0x5bd1e995, 0x27d4eb2d)) % 100_000_000;
  return `A${200_000_000 + ((index * 73_939_133 + offset) % 100_000_000)}`;
}

export function drawPerson(rng: Rng, seed: number, index: number, office: FieldOffice, asOf: number): Person {
  const id = rng.uuid();
  const aNumber = aNumberOf(seed, index);
  const who = drawIdentity(rng);
  const age = 18 + Math.floor(52.99 * rng.next() ** 1.6);
  const dateOfBirth = isoDate(asOf - (age * 365.25 + rng.int(1, 364)) * DAY_MS);
  const address = drawAddress(rng, office.state, office.city);
  const enrollments = drawEnrollments(rng, asOf);
  const last = enrollments[enrollments.length - 1]!;
  const profile = last.status === 'ABSCONDED' && rng.chance(0.5) ? 'NON_COMPLIANT' : pickProfile(rng);
  const row = [
    id, aNumber, who.givenName, who.familyName, dateOfBirth, who.country, who.language, drawPhone(rng),
    address.line1, address.line2, address.city, address.state, address.postalCode, office.code, new Date(enrollments[0]!.startedAt),
  ];
  return { id, aNumber, office, profile, enrollments, row };
}

export function enrollmentRow(personId: string, e: EnrollmentPlan): unknown[] {
  const ended = e.endedAt === null ? null : new Date(e.endedAt);
  return [e.id, personId, e.technology, e.cadence, e.status, new Date(e.startedAt), ended, e.endReason, e.dailyCostCents, e.isCurrent];
}
