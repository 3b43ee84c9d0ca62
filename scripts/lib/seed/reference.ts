// Reference data the migrations loaded (field offices, courts), read back from the database.
import type { Databases } from '../../../kit/database/databases.js';
import { queryRows as query } from '../../../kit/database/db.js';

export interface FieldOffice {
  code: string;
  name: string;
  city: string;
  state: string;
  timeZone: string;
}
export type Court = FieldOffice;

export interface Reference {
  offices: FieldOffice[];
  courts: Court[];
}

export async function loadReference(databases: Databases): Promise<Reference> {
  const columns = 'code, name, city, state, time_zone as "timeZone"';
  const offices = await query<FieldOffice>(databases.of('enrollment'), `select ${columns} from enrollment.field_offices order by code`);
  const courts = await query<Court>(databases.of('docket'), `select ${columns} from docket.courts order by code`);
  if (offices.length === 0 || courts.length === 0) {
    throw new Error('seed: reference data missing (enrollment.field_offices / docket.courts are empty); run the migrations first');
  }
  return { offices, courts };
}
