// Which database each part of the system (every subgraph, and the gateway) lives in. Each takes its
// own URL, <NAME>_DATABASE_URL (ENROLLMENT_DATABASE_URL, …, GATEWAY_DATABASE_URL), falling back to
// DATABASE_URL, and to embedded PGlite without either. Parts whose URLs are equal share one driver
// (one pool, one transaction for the seed), so a single DATABASE_URL behaves exactly as before, and
// four URLs put each domain in a database of its own. The names come from the list of parts the
// caller gives, so a subgraph added later (worklist: WORKLIST_DATABASE_URL) fits by its name.
import { closeDriver, openDriver, type Driver, type DriverOptions } from './db.js';

/** The variable naming `part`'s database: `docket` -> `DOCKET_DATABASE_URL`. */
export function databaseUrlVariable(part: string): string {
  return `${part.toUpperCase().replace(/[^A-Z0-9]/g, '_')}_DATABASE_URL`;
}

/** `part`'s database URL: its own variable, else DATABASE_URL, else none (PGlite). */
export function databaseUrlOf(part: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  return env[databaseUrlVariable(part)] || env.DATABASE_URL || undefined;
}

/** The drivers of a set of parts, one per distinct database. */
export interface Databases {
  readonly parts: readonly string[];
  /** `part`'s driver; throws for a part this set does not hold. */
  of(part: string): Driver;
  /** Each distinct driver once, with the parts on it (in the order of `parts`). */
  groups(): { driver: Driver; parts: string[] }[];
  /** True when every part is on one driver (cross-schema statements of scripts and fixtures still work there). */
  readonly shared: boolean;
  close(): Promise<void>;
}

/** Every part on one driver (tests' scratch database, a caller holding one driver). */
export function oneDatabase(driver: Driver, parts: readonly string[]): Databases {
  return fromDrivers(new Map(parts.map((part) => [part, driver])), () => closeDriver(driver));
}

/** Builds a set from `part -> driver`; `close` frees what the caller opened. */
export function fromDrivers(byPart: ReadonlyMap<string, Driver>, close: () => Promise<void>): Databases {
  const parts = [...byPart.keys()];
  const distinct = [...new Set(byPart.values())];
  return {
    parts,
    of(part) {
      const driver = byPart.get(part);
      if (!driver) throw new Error(`No database for ${part} (parts: ${parts.join(', ')})`);
      return driver;
    },
    groups: () => distinct.map((driver) => ({ driver, parts: parts.filter((p) => byPart.get(p) === driver) })),
    shared: distinct.length === 1,
    close,
  };
}

/** A Driver, or a set of them: what the seed, migrations and the dev runner accept. */
export type DatabaseTarget = Driver | Databases;

export function asDatabases(target: DatabaseTarget, parts: readonly string[]): Databases {
  return 'kind' in target ? { ...oneDatabase(target, parts), close: async () => {} } : target;
}

/**
 * Opens one driver per distinct URL among `parts` (options.databaseUrl is ignored: each part's URL
 * comes from the environment). Parts without any URL share one PGlite (options.pgliteDir).
 */
export async function openDatabases(parts: readonly string[], options: DriverOptions = {}, env: NodeJS.ProcessEnv = process.env): Promise<Databases> {
  const byUrl = new Map<string, Driver>();
  const byPart = new Map<string, Driver>();
  try {
    for (const part of parts) {
      const url = databaseUrlOf(part, env) ?? '';
      let driver = byUrl.get(url);
      if (!driver) byUrl.set(url, (driver = await openDriver({ ...options, databaseUrl: url || undefined })));
      byPart.set(part, driver);
    }
  } catch (error) {
    await Promise.all([...byUrl.values()].map((d) => closeDriver(d)));
    throw error;
  }
  return fromDrivers(byPart, async () => {
    await Promise.all([...byUrl.values()].map((d) => closeDriver(d)));
  });
}

/** For logs and the dev runner's banner: which variable each part's database came from, never the URL (it may hold a password). */
export function describeDatabases(parts: readonly string[], env: NodeJS.ProcessEnv = process.env): string {
  const own = parts.filter((part) => env[databaseUrlVariable(part)]);
  const distinct = new Set(parts.map((part) => databaseUrlOf(part, env) ?? ''));
  if (own.length === 0) return env.DATABASE_URL ? 'PostgreSQL (DATABASE_URL)' : '';
  const rest = parts.filter((part) => !own.includes(part));
  return `PostgreSQL, ${distinct.size} database(s): ${own.map((p) => `${p} (${databaseUrlVariable(p)})`).join(', ')}${
    rest.length ? `; ${rest.join(', ')} (${env.DATABASE_URL ? 'DATABASE_URL' : 'embedded PGlite'})` : ''
  }`;
}
