// A person's representations (legal.representations), decided before their hearings so that
// appearance can depend on counsel. EOIR-28 with the case id for the primary representative (one
// active per case), some G-28s before DHS (no case), some withdrawals followed by a replacement.
import type { LegalDirectory, Representative } from './organizations.js';
import type { Rng } from './random.js';
import { DAY_MS, HOUR_MS } from './time.js';

export interface CounselPlan {
  rows: unknown[][];
  /** [from, to) spans with an active primary representative on the case. */
  periods: (readonly [number, number])[];
}

export function hasCounsel(plan: CounselPlan, at: number): boolean {
  for (const [from, to] of plan.periods) if (at >= from && at < to) return true;
  return false;
}

const atOffice = (rng: Rng, day: number) => Math.floor(day / DAY_MS) * DAY_MS + rng.int(14, 22) * HOUR_MS + rng.int(0, 59) * 60_000;

interface Filing {
  rep: Representative;
  caseId: string | null;
  form: 'EOIR_28' | 'G_28';
  scope: 'ALL_PROCEEDINGS' | 'CUSTODY_AND_BOND_ONLY' | 'LIMITED';
  primary: boolean;
  filedAt: number;
  withdrawnAt: number | null;
}

export function planRepresentation(
  rng: Rng,
  person: { aNumber: string; office: { code: string } },
  primaryCase: { id: string; ntaMs: number },
  directory: LegalDirectory,
  asOf: number,
): CounselPlan {
  const plan: CounselPlan = { rows: [], periods: [] };
  if (!rng.chance(directory.representationRate.get(person.office.code) ?? 0.45)) return plan;
  const local = directory.byOffice.get(person.office.code);
  const pool = local && local.length > 0 && rng.chance(0.9) ? local : directory.representatives;
  const filings: Filing[] = [];
  // Most retain counsel before the first master hearing; some only later.
  const early = rng.chance(0.88);
  let filedAt = atOffice(rng, primaryCase.ntaMs + (early ? rng.int(3, 40) : rng.int(100, 500)) * DAY_MS);
  if (filedAt >= asOf) filedAt = atOffice(rng, primaryCase.ntaMs + rng.int(1, 2) * DAY_MS);
  if (filedAt >= asOf) filedAt = asOf - rng.int(1, 12) * HOUR_MS;
  let rep = rng.pick(pool);
  for (let attempt = 0; attempt < 3; attempt++) {
    const withdrawnAt = rng.chance(0.15) ? atOffice(rng, filedAt + rng.int(60, 500) * DAY_MS) : null;
    const ended = withdrawnAt !== null && withdrawnAt < asOf ? withdrawnAt : null;
    filings.push({ rep, caseId: primaryCase.id, form: 'EOIR_28', scope: 'ALL_PROCEEDINGS', primary: true, filedAt, withdrawnAt: ended });
    plan.periods.push([filedAt, ended ?? Infinity]);
    if (ended === null) break;
    // Replaced by new counsel some weeks later, unless that is still in the future.
    const next = atOffice(rng, ended + rng.int(7, 90) * DAY_MS);
    if (next >= asOf || rng.chance(0.2)) break;
    filedAt = next;
    rep = rng.pick(pool);
  }
  const first = filings[0]!;
  if (rng.chance(0.25)) {
    const g28At = Math.max(primaryCase.ntaMs, first.filedAt - rng.int(1, 30) * DAY_MS);
    filings.push({ rep: first.rep, caseId: null, form: 'G_28', scope: rng.chance(0.8) ? 'ALL_PROCEEDINGS' : 'LIMITED', primary: false, filedAt: g28At, withdrawnAt: null });
  }
  if (rng.chance(0.03)) {
    filings.push({ rep: rng.pick(pool), caseId: primaryCase.id, form: 'EOIR_28', scope: 'CUSTODY_AND_BOND_ONLY', primary: false, filedAt: first.filedAt, withdrawnAt: null });
  }
  for (const f of filings) {
    const withdrawn = f.withdrawnAt === null ? null : new Date(f.withdrawnAt);
    plan.rows.push([rng.uuid(), person.aNumber, f.caseId, f.rep.id, f.rep.organizationId, f.form, f.scope, f.primary, new Date(f.filedAt), withdrawn]);
  }
  return plan;
}
