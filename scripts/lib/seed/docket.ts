// A person's immigration cases and hearings (docket.cases, docket.hearings). Hearings are played
// forward from the notice to appear until asOf; whether the person appears depends on counsel.
import type { CourtDirectory } from './courts.js';
import { type Rng, weightedPicker } from './random.js';
import type { Court } from './reference.js';
import { type CounselPlan, hasCounsel } from './representation.js';
import { DAY_MS, HOUR_MS, atLocalTime, businessDay, dayAfter, isoDate } from './time.js';

export interface CaseDraft {
  id: string;
  aNumber: string;
  court: Court;
  type: string;
  ntaMs: number;
}

export interface DocketContext {
  asOf: number;
  counsel: CounselPlan;
  /** When the person absconded, if they did: they stop appearing. */
  abscondedAt: number | null;
}

// Chance of attending one held hearing. The published per-person figures (issue 15: about 96% of
// people with counsel attend every hearing, about 80% without, AIC/TRAC) are per person over all of
// their hearings, so the per-hearing chance is higher: a person with ~3 held hearings at p attends
// all of them with p^3 (0.993^3 ≈ 0.98; 0.92^3 ≈ 0.78), less the people who absconded and stopped coming.
const APPEAR_WITH_COUNSEL = 0.993;
const APPEAR_WITHOUT_COUNSEL = 0.92;
const pickType = weightedPicker([['REMOVAL', 94], ['ASYLUM_ONLY', 4], ['WITHHOLDING_ONLY', 2]] as const);
const pickMedium = weightedPicker([['IN_PERSON', 65], ['VIDEO', 25], ['TELEPHONIC', 10]] as const);
const decisionWithCounsel = weightedPicker([['RELIEF_GRANTED', 40], ['REMOVAL_ORDERED', 20], ['VOLUNTARY_DEPARTURE', 10], ['TERMINATED', 10], ['DISMISSED', 10], ['ADMINISTRATIVELY_CLOSED', 10]] as const);
const decisionAlone = weightedPicker([['RELIEF_GRANTED', 12], ['REMOVAL_ORDERED', 50], ['VOLUNTARY_DEPARTURE', 15], ['TERMINATED', 8], ['DISMISSED', 8], ['ADMINISTRATIVELY_CLOSED', 7]] as const);
const ADJOURNMENTS = [
  'Respondent requested time to seek counsel', 'Interpreter unavailable', 'DHS requested a continuance', 'Docket reset by the court',
  'Respondent to file an application for relief', 'Immigration judge unavailable', 'Counsel requested time to prepare',
];

export function draftCases(rng: Rng, aNumber: string, court: Court, enrolledAt: number): { primary: CaseDraft; prior: CaseDraft | null } {
  const ntaMs = dayAfter(enrolledAt, -rng.int(1, 60));
  const primary = { id: rng.uuid(), aNumber, court, type: pickType(rng), ntaMs };
  const prior = rng.chance(0.1) ? { id: rng.uuid(), aNumber, court, type: 'REMOVAL', ntaMs: dayAfter(ntaMs, -rng.int(200, 900)) } : null;
  return { primary, prior };
}

/** A hearing time on a business day, 08:00-16:00 in the court's time zone. */
function hearingAt(rng: Rng, court: Court, dayMs: number): number {
  return atLocalTime(court.timeZone, businessDay(dayMs), 8 * 60 + 30 * rng.int(0, 16)).getTime();
}

interface Outcome {
  decision: string | null;
  inAbsentia: boolean;
  decidedAt: number | null;
}

/** Returns the case row and its hearing rows. */
export function docketRows(rng: Rng, draft: CaseDraft, courts: CourtDirectory, ctx: DocketContext, prior = false): { caseRow: unknown[]; hearings: unknown[][] } {
  const { court } = draft;
  const bench = courts.benchOf(rng, court.code);
  const hearings: unknown[][] = [];
  const add = (at: number, calendar: string, status: string, attendance: string | null, reason: string | null) =>
    hearings.push([rng.uuid(), draft.id, draft.aNumber, court.code, new Date(at), calendar, pickMedium(rng), bench.judge, bench.courtroom, status, attendance, reason]);
  const out: Outcome = { decision: null, inAbsentia: false, decidedAt: null };
  if (prior) {
    // An older case closed at its one master hearing.
    const at = hearingAt(rng, court, dayAfter(draft.ntaMs, rng.int(60, 150)));
    add(at, 'MASTER', 'HELD', 'APPEARED', null);
    Object.assign(out, { decision: rng.pick(['DISMISSED', 'ADMINISTRATIVELY_CLOSED', 'TERMINATED']), decidedAt: at + 2 * HOUR_MS });
    return { caseRow: caseRow(draft, out, ctx.asOf), hearings };
  }
  if (rng.chance(0.05)) add(hearingAt(rng, court, dayAfter(draft.ntaMs, rng.int(3, 20))), 'BOND', 'HELD', 'APPEARED', null);
  const mastersNeeded = rng.int(2, 5);
  let masters = 0;
  let day = dayAfter(draft.ntaMs, rng.int(45, 200));
  for (let guard = 0; guard < 20 && out.decision === null; guard++) {
    const calendar = masters >= mastersNeeded ? 'INDIVIDUAL' : 'MASTER';
    let at = hearingAt(rng, court, day);
    if (at > ctx.asOf) {
      if (at > ctx.asOf + 300 * DAY_MS) at = hearingAt(rng, court, dayAfter(ctx.asOf, rng.int(1, 300)));
      add(at, calendar, 'SCHEDULED', null, null);
      break;
    }
    const r = rng.next();
    if (r < 0.03) {
      add(at, calendar, 'CANCELLED', null, null);
      day = dayAfter(at, rng.int(14, 60));
      continue;
    }
    if (r < 0.2) {
      add(at, calendar, 'ADJOURNED', null, rng.pick(ADJOURNMENTS));
      day = dayAfter(at, rng.int(30, 150));
      continue;
    }
    const counsel = hasCounsel(ctx.counsel, at);
    const gone = ctx.abscondedAt !== null && at > ctx.abscondedAt;
    const appeared = rng.chance(gone ? 0.1 : counsel ? APPEAR_WITH_COUNSEL : APPEAR_WITHOUT_COUNSEL);
    add(at, calendar, 'HELD', appeared ? 'APPEARED' : 'FAILED_TO_APPEAR', null);
    if (!appeared) {
      // A failure to appear can end in a removal order in absentia; otherwise the case is reset.
      if (rng.chance(gone ? 0.9 : 0.3)) Object.assign(out, { decision: 'REMOVAL_ORDERED', inAbsentia: true, decidedAt: at + 2 * HOUR_MS });
      day = dayAfter(at, rng.int(30, 120));
      continue;
    }
    if (calendar === 'INDIVIDUAL') {
      Object.assign(out, { decision: (counsel ? decisionWithCounsel : decisionAlone)(rng), decidedAt: at + 3 * HOUR_MS });
      break;
    }
    masters++;
    day = dayAfter(at, masters >= mastersNeeded ? rng.int(120, 400) : rng.int(60, 240));
  }
  return { caseRow: caseRow(draft, out, ctx.asOf), hearings };
}

function caseRow(draft: CaseDraft, out: Outcome, asOf: number): unknown[] {
  // Decided the same day, and never after asOf.
  const decidedAt = out.decidedAt === null ? null : new Date(Math.min(out.decidedAt, asOf));
  const status = out.decision === null ? 'PENDING' : 'COMPLETED';
  return [draft.id, draft.aNumber, draft.type, draft.court.code, status, isoDate(draft.ntaMs), out.decision, out.inAbsentia, decidedAt];
}
