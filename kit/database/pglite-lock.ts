// Who holds an embedded (PGlite) data folder. PGlite is one process's database: two processes
// opening the same folder see different data and can corrupt it. So whoever opens the folder
// writes `<folder>.lock` first (created exclusively): the running system records its pid and the
// port it serves the database on, a command-line tool records only its pid. Anyone else reads it
// and either connects to that port or refuses; a lock whose process has died is taken over.
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

export interface LockInfo {
  pid: number;
  /** 'system' serves the database on `port`; 'tool' (keys, seed, migrate) holds the folder for itself. */
  holder: 'system' | 'tool';
  /** 127.0.0.1 port of the Postgres-protocol server, for holder 'system'. */
  port?: number;
  /** What holds it, for the message a refused process prints (`npm start`, `npm run keys`). */
  command: string;
}

export interface HeldLock {
  path: string;
  /** Records the port once the server listens (the lock is taken before the folder is opened). */
  update(info: Partial<LockInfo>): void;
  release(): void;
}

/** The lock file for a data folder: `.data/pglite` → `.data/pglite.lock`. */
export function lockPath(dir: string): string {
  return `${resolve(dir)}.lock`;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function read(path: string): LockInfo | undefined {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as LockInfo;
  } catch {
    return undefined;
  }
}

/**
 * The live holder of a folder, or undefined when nobody holds it. A lock whose process is gone
 * (killed, crashed) is stale and removed; so is one left empty for seconds by a writer that died
 * between creating and filling it (a fresh empty one is a writer at work).
 */
export function liveHolder(dir: string): LockInfo | undefined {
  const path = lockPath(dir);
  const info = read(path);
  // A live process holds the folder whatever its port does (a system still starting has none yet; one
  // that stopped answering must still not have its folder opened under it).
  if (info && alive(info.pid)) return info;
  if (info) rmSync(path, { force: true });
  else if (existsSync(path) && Date.now() - statSync(path).mtimeMs > 5_000) rmSync(path, { force: true });
  else if (existsSync(path)) return { pid: 0, holder: 'tool', command: 'a process that is starting' };
  return undefined;
}

export class FolderInUseError extends Error {
  constructor(
    readonly dir: string,
    readonly holder: LockInfo,
  ) {
    super(
      `The embedded database in ${dir} is in use by ${holder.command} (process ${holder.pid}). ` +
        (holder.holder === 'system'
          ? 'Stop it first, or set PGLITE_DIR to another folder.'
          : 'Wait for it to finish, or stop it, then try again.'),
    );
    this.name = 'FolderInUseError';
  }
}

/** Takes the folder's lock, or throws FolderInUseError naming the live holder. */
export async function takeLock(dir: string, info: Omit<LockInfo, 'pid'>): Promise<HeldLock> {
  const path = lockPath(dir);
  // On a fresh clone nothing has made .data/ yet: the lock is the first file in it.
  mkdirSync(dirname(path), { recursive: true });
  for (let attempt = 0; attempt < 3; attempt++) {
    const holder = liveHolder(dir);
    if (holder) throw new FolderInUseError(dir, holder);
    let fd: number;
    try {
      fd = openSync(path, 'wx');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') continue; // another process won the race: look again
      throw error;
    }
    let current: LockInfo = { pid: process.pid, ...info };
    writeSync(fd, JSON.stringify(current));
    closeSync(fd);
    // A process that exits without closing (Ctrl-C before shutdown finishes, process.exit) still frees the folder.
    const onExit = () => releaseNow();
    const releaseNow = () => {
      if (read(path)?.pid === process.pid) rmSync(path, { force: true });
      process.off('exit', onExit);
    };
    process.on('exit', onExit);
    return {
      path,
      update(more) {
        current = { ...current, ...more };
        writeFileAtomically(path, JSON.stringify(current));
      },
      release: releaseNow,
    };
  }
  throw new Error(`Could not take the lock ${path}: other processes keep creating it.`);
}

function writeFileAtomically(path: string, text: string): void {
  // Rewriting in place (not rename) keeps the exclusive-create guarantee: the file never disappears.
  const fd = openSync(path, 'r+');
  try {
    writeSync(fd, text.padEnd(Math.max(text.length, 256)), 0);
  } finally {
    closeSync(fd);
  }
}
