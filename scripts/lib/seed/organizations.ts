// Legal organizations and their representatives (legal.organizations, legal.representatives):
// about one organization per 500 people (at least 5), placed in field-office cities.
import { PROFESSIONAL_GIVEN, PROFESSIONAL_SURNAMES } from './names.js';
import { OFFICE_FACTS } from './places.js';
import { Rng, Stream, weightedPicker } from './random.js';
import type { FieldOffice } from './reference.js';

export interface Representative {
  id: string;
  organizationId: string | null;
  row: unknown[];
}

export interface LegalDirectory {
  organizations: unknown[][];
  representatives: Representative[];
  /** Representatives practising near each field office (falls back to everyone). */
  byOffice: Map<string, Representative[]>;
  /** Share of people represented in each office: 30-65%, varying by office. */
  representationRate: Map<string, number>;
}

const NONPROFIT_NAMES = ['Immigrant Legal Services', 'Immigrant Justice Center', 'Refugee and Immigrant Legal Aid', 'Community Legal Services', 'Asylum Advocacy Project', 'Pro Bono Immigration Project', 'Catholic Legal Immigration Services', 'Interfaith Refugee Assistance'];
const LETTERS = 'ABCDEFGHJKLMNPRSTUVWXYZ';

export function buildDirectory(seed: number, enrollees: number, offices: readonly FieldOffice[]): LegalDirectory {
  const rng = new Rng(seed, 0, Stream.organizations);
  const byWeight = [...offices].sort((a, b) => (OFFICE_FACTS[b.code]?.weight ?? 1) - (OFFICE_FACTS[a.code]?.weight ?? 1) || a.code.localeCompare(b.code));
  const pickOffice = weightedPicker(offices.map((o) => [o, OFFICE_FACTS[o.code]?.weight ?? 1] as const));
  const count = Math.max(5, Math.round(enrollees / 500));
  const organizations: unknown[][] = [];
  const representatives: Representative[] = [];
  const byOffice = new Map<string, Representative[]>();
  const names = new Set<string>();
  for (let i = 0; i < count; i++) {
    // The first 25 cover every office, biggest first; the rest follow caseload.
    const office = i < byWeight.length ? byWeight[i]! : pickOffice(rng);
    const nonprofit = rng.chance(0.8);
    let name = nonprofit ? `${rng.pick(NONPROFIT_NAMES)} of ${office.city}` : `${rng.pick(PROFESSIONAL_SURNAMES)} & ${rng.pick(PROFESSIONAL_SURNAMES)} Immigration Law LLP`;
    for (let n = 2; names.has(name); n++) name = `${name.replace(/ \(\d+\)$/, '')} (${n})`;
    names.add(name);
    const id = rng.uuid();
    organizations.push([id, name, nonprofit ? 'RECOGNIZED_NONPROFIT' : 'LAW_FIRM', office.city, office.state]);
    const staff = rng.int(2, nonprofit ? 8 : 5);
    for (let s = 0; s < staff; s++) {
      // A few solo practitioners file without an organization.
      const solo = !nonprofit && rng.chance(0.1);
      const rep = drawRepresentative(rng, representatives.length, office.state, nonprofit ? 0.6 : 1, solo ? null : id);
      representatives.push(rep);
      const list = byOffice.get(office.code) ?? [];
      list.push(rep);
      byOffice.set(office.code, list);
    }
  }
  const representationRate = new Map(offices.map((o) => [o.code, 0.3 + 0.35 * rng.next()]));
  return { organizations, representatives, byOffice, representationRate };
}

function drawRepresentative(rng: Rng, index: number, state: string, attorneyShare: number, organizationId: string | null): Representative {
  const id = rng.uuid();
  const attorney = rng.chance(attorneyShare);
  const barNumber = attorney ? `${state}${rng.int(100000, 999999)}` : null;
  // EOIR ids are unique by construction: two letters and the representative's ordinal.
  const eoirId = `${rng.pick([...LETTERS])}${rng.pick([...LETTERS])}${String(index + 1).padStart(6, '0')}`;
  const row = [id, rng.pick(PROFESSIONAL_GIVEN), rng.pick(PROFESSIONAL_SURNAMES), attorney ? 'ATTORNEY' : 'ACCREDITED_REPRESENTATIVE', barNumber, eoirId, organizationId];
  return { id, organizationId, row };
}
