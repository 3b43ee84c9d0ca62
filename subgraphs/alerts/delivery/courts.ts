// The court facts an alert states (name, IANA time zone), from the public EOIR court list the
// docket domain also loads (its reference file, not its tables: alerts never reads docket.courts).
import courts from '../../docket/db/immigration-courts.json' with { type: 'json' };
import { wallClock } from '../../docket/local-time.js';

const byCode = new Map(courts.map((court) => [court.code, court]));

export interface CourtFacts {
  code: string;
  name: string | null;
  timeZone: string | null;
}

export function courtFacts(code: string): CourtFacts {
  const court = byCode.get(code);
  return { code, name: court?.name ?? null, timeZone: court?.timeZone ?? null };
}

/** An instant as the court's wall clock reads it: what a person is told to turn up at. */
export function atCourt(instant: string, court: CourtFacts) {
  if (!court.timeZone) return { at: instant, localDate: null, localTime: null, timeZone: null };
  const local = wallClock(new Date(instant), court.timeZone);
  return { at: instant, localDate: local.date, localTime: local.time.slice(0, 5), timeZone: court.timeZone };
}
