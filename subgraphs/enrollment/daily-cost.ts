// What one day of supervision costs the program, by technology, in US cents. The seed generator
// prices its synthetic enrollments with the same table.
import type { Technology } from './db/schema.js';

export const DAILY_COST_CENTS: Readonly<Record<Technology, number>> = {
  SMARTLINK: 400,
  GPS_ANKLE_MONITOR: 450,
  VOICE_ID: 100,
  WRISTWORN: 420,
  NO_TECH: 30,
};
