// Which court hears a person's case, and the judges and courtrooms of each court.
import { PROFESSIONAL_SURNAMES } from './names.js';
import { Rng } from './random.js';
import type { Court, FieldOffice } from './reference.js';

export interface Bench {
  judge: string;
  courtroom: string;
}

export class CourtDirectory {
  private readonly byOffice = new Map<string, Court[]>();
  private readonly benches = new Map<string, Bench[]>();

  constructor(seed: number, courts: readonly Court[], offices: readonly FieldOffice[]) {
    const nonDetained = courts.filter((c) => !/detained/i.test(c.name));
    for (const office of offices) {
      // A court in the office's state, the office's namesake court counted thrice; else the namesake; else any.
      let candidates = nonDetained.filter((c) => c.state === office.state);
      const namesake = courts.find((c) => c.code === office.code);
      if (candidates.length === 0) candidates = namesake ? [namesake] : nonDetained;
      else if (namesake && candidates.includes(namesake)) candidates = [...candidates, namesake, namesake];
      this.byOffice.set(office.code, candidates);
    }
    for (const [i, court] of courts.entries()) {
      const rng = new Rng(seed, i, 7);
      const size = rng.int(3, 8);
      const bench: Bench[] = [];
      for (let j = 0; j < size; j++) bench.push({ judge: `IJ ${rng.pick(PROFESSIONAL_SURNAMES)}`, courtroom: `Courtroom ${j + 1}` });
      this.benches.set(court.code, bench);
    }
  }

  courtFor(rng: Rng, officeCode: string): Court {
    return rng.pick(this.byOffice.get(officeCode)!);
  }

  benchOf(rng: Rng, courtCode: string): Bench {
    return rng.pick(this.benches.get(courtCode)!);
  }
}
