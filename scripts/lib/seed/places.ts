// Places: rough caseload weights and city coordinates of the 25 ERO field offices, and a few
// cities per state (with ZIP prefixes) for synthetic addresses. Coordinates are public facts
// (approximate city centres); caseload weights are rough, for realism only.
import type { Rng } from './random.js';

export interface OfficeFacts {
  weight: number;
  lat: number;
  lon: number;
}

export const OFFICE_FACTS: Record<string, OfficeFacts> = {
  ATL: { weight: 5, lat: 33.749, lon: -84.388 },
  BAL: { weight: 3, lat: 39.29, lon: -76.612 },
  BOS: { weight: 4, lat: 42.36, lon: -71.059 },
  BUF: { weight: 1, lat: 42.886, lon: -78.878 },
  CHI: { weight: 6, lat: 41.878, lon: -87.63 },
  DAL: { weight: 5, lat: 32.777, lon: -96.797 },
  DEN: { weight: 3, lat: 39.739, lon: -104.99 },
  DET: { weight: 2, lat: 42.331, lon: -83.046 },
  ELP: { weight: 3, lat: 31.762, lon: -106.485 },
  HLG: { weight: 3, lat: 26.19, lon: -97.696 },
  HOU: { weight: 6, lat: 29.76, lon: -95.37 },
  LOS: { weight: 6, lat: 34.052, lon: -118.244 },
  MIA: { weight: 7, lat: 25.762, lon: -80.192 },
  NEW: { weight: 5, lat: 40.736, lon: -74.172 },
  NOL: { weight: 5, lat: 29.951, lon: -90.072 },
  NYC: { weight: 9, lat: 40.713, lon: -74.006 },
  PHI: { weight: 3, lat: 39.953, lon: -75.165 },
  PHO: { weight: 3, lat: 33.448, lon: -112.074 },
  SEA: { weight: 3, lat: 47.606, lon: -122.332 },
  SFR: { weight: 6, lat: 37.775, lon: -122.419 },
  SLC: { weight: 2, lat: 40.761, lon: -111.891 },
  SNA: { weight: 4, lat: 29.424, lon: -98.494 },
  SND: { weight: 3, lat: 32.716, lon: -117.161 },
  SPM: { weight: 2, lat: 44.954, lon: -93.09 },
  WAS: { weight: 4, lat: 38.907, lon: -77.037 },
};

/** [city, 3-digit ZIP prefix] per state of a field office. */
const STATE_CITIES: Record<string, readonly (readonly [string, string])[]> = {
  AZ: [['Phoenix', '850'], ['Mesa', '852'], ['Tucson', '857'], ['Glendale', '853']],
  CA: [['Los Angeles', '900'], ['San Diego', '921'], ['Oakland', '946'], ['San Jose', '951'], ['Fresno', '937'], ['Santa Ana', '927']],
  CO: [['Denver', '802'], ['Aurora', '800'], ['Colorado Springs', '809'], ['Greeley', '806']],
  DC: [['Washington', '200']],
  FL: [['Miami', '331'], ['Orlando', '328'], ['Tampa', '336'], ['Hialeah', '330'], ['Homestead', '330']],
  GA: [['Atlanta', '303'], ['Gainesville', '305'], ['Dalton', '307'], ['Norcross', '300']],
  IL: [['Chicago', '606'], ['Cicero', '608'], ['Aurora', '605'], ['Waukegan', '600']],
  LA: [['New Orleans', '701'], ['Metairie', '700'], ['Kenner', '700'], ['Baton Rouge', '708']],
  MA: [['Boston', '021'], ['Chelsea', '021'], ['Lynn', '019'], ['Framingham', '017']],
  MD: [['Baltimore', '212'], ['Silver Spring', '209'], ['Hyattsville', '207'], ['Gaithersburg', '208']],
  MI: [['Detroit', '482'], ['Dearborn', '481'], ['Grand Rapids', '495'], ['Lansing', '489']],
  MN: [['Minneapolis', '554'], ['St. Paul', '551'], ['Rochester', '559'], ['Bloomington', '554']],
  NJ: [['Newark', '071'], ['Elizabeth', '072'], ['Paterson', '075'], ['Union City', '070']],
  NY: [['New York', '100'], ['Bronx', '104'], ['Queens', '113'], ['Brooklyn', '112'], ['Buffalo', '142'], ['Rochester', '146']],
  PA: [['Philadelphia', '191'], ['Allentown', '181'], ['Reading', '196'], ['Pittsburgh', '152']],
  TX: [['Houston', '770'], ['Dallas', '752'], ['San Antonio', '782'], ['El Paso', '799'], ['Brownsville', '785'], ['Irving', '750']],
  UT: [['Salt Lake City', '841'], ['West Valley City', '841'], ['Provo', '846'], ['Ogden', '844']],
  WA: [['Seattle', '981'], ['Tacoma', '984'], ['Yakima', '989'], ['Everett', '982']],
};

const STREETS = ['Main St', 'Oak Ave', 'Maple St', 'Cedar Ln', 'Pine St', 'Elm St', 'Washington Ave', 'Lincoln Ave', 'Park Ave', 'Lake St', 'Hillside Dr', 'Church St', 'Broadway', 'Central Ave', 'Sunset Blvd', 'Mill Rd', 'River Rd', 'Jefferson St'];

export interface Address {
  line1: string;
  line2: string | null;
  city: string;
  state: string;
  postalCode: string;
}

export function drawAddress(rng: Rng, state: string, officeCity: string): Address {
  const cities = STATE_CITIES[state] ?? [[officeCity, '000'] as const];
  const [city, zip] = rng.chance(0.5) ? (cities.find(([c]) => c === officeCity) ?? rng.pick(cities)) : rng.pick(cities);
  const line2 = rng.chance(0.35) ? `Apt ${rng.int(1, 40)}${rng.pick(['', 'A', 'B', 'C'])}` : null;
  return { line1: `${rng.int(10, 9899)} ${rng.pick(STREETS)}`, line2, city, state, postalCode: `${zip}${String(rng.int(1, 99)).padStart(2, '0')}` };
}

const AREA_CODES = ['212', '213', '214', '305', '312', '404', '415', '469', '504', '512', '602', '617', '619', '646', '713', '718', '786', '801', '832', '917', '973'];

/** A fictional US number in E.164: 555-0100 to 555-0199 are reserved for fiction in every area code. */
export function drawPhone(rng: Rng): string {
  return `+1${rng.pick(AREA_CODES)}55501${String(rng.int(0, 99)).padStart(2, '0')}`;
}

/** A point within ~25 km of the office city, and a GPS accuracy in metres. */
export function drawLocation(rng: Rng, office: string): { lat: number; lon: number; accuracy: number } {
  const facts = OFFICE_FACTS[office] ?? { lat: 39.8, lon: -98.6, weight: 0 };
  const lat = facts.lat + rng.normal(0, 0.08);
  const lon = facts.lon + rng.normal(0, 0.1);
  return { lat: Math.round(lat * 1e5) / 1e5, lon: Math.round(lon * 1e5) / 1e5, accuracy: Math.round(rng.real(3, 60) * 10) / 10 };
}
