// Child processes of the benchmark: each server measured runs in a process of its own, so the
// load generator, the gateway under test and the subgraphs never share an event loop.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { mkdtempSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

const children = new Set<ChildProcess>();

/** The compiled benchmark processes and servers (`npm run build`), as they would be deployed. */
export const DIST = new URL('../../../dist/', import.meta.url).pathname;
const GC_HOOK = new URL('./gc-hook.mjs', import.meta.url).pathname.replace('/dist/', '/');
const logs = mkdtempSync(join(tmpdir(), 'sg-bench-logs-'));

/** Where the servers' output goes (each `<name>.log`), printed so a failed run can be read. */
export const logDirectory = logs;

export interface ServerOptions {
  /** An IPC channel (the subgraph host, the floor). */
  ipc?: boolean;
  /** The log file's name in logDirectory; stdout and stderr both go there. */
  log: string;
}

/**
 * Runs a server the way it would be deployed: plain Node on compiled JavaScript, its own default
 * log level (nothing silenced: LOG_LEVEL only if the caller's environment sets it), output to a
 * file as a container runtime would collect it. `--expose-gc` with gc-hook.mjs lets the benchmark
 * force a collection before sampling memory; neither changes how the server runs otherwise.
 */
export function spawnServer(args: string[], env: Record<string, string>, options: ServerOptions): ChildProcess {
  const out = openSync(join(logs, options.log), 'a');
  return track(
    spawn(process.execPath, ['--expose-gc', '--import', GC_HOOK, ...args], {
      env: { ...process.env, ...env },
      stdio: options.ipc ? ['ignore', out, out, 'ipc'] : ['ignore', out, out],
    }),
  );
}

/** Every pid of a process tree (Hive Gateway's primary and its worker). */
export function treePids(pid: number): number[] {
  const pids: number[] = [];
  const pending = [pid];
  while (pending.length) {
    const current = pending.pop()!;
    pids.push(current);
    try {
      for (const task of readdirSync(`/proc/${current}/task`)) {
        const kids = readFileSync(`/proc/${current}/task/${task}/children`, 'utf8').trim();
        if (kids) pending.push(...kids.split(' ').map(Number));
      }
    } catch {
      // exited meanwhile
    }
  }
  return pids;
}

/** Forces a full GC in every process of a server's tree (gc-hook.mjs) and lets it finish. */
export async function collectGarbage(pid: number): Promise<void> {
  for (const each of treePids(pid)) {
    try {
      process.kill(each, 'SIGUSR2');
    } catch {
      // exited meanwhile
    }
  }
  await sleep(500);
}

/** Resident set size of a server's whole process tree, MiB. */
export const treeRssMiB = (pid: number) => treePids(pid).reduce((sum, each) => sum + rssMiB(each), 0);

function track(child: ChildProcess): ChildProcess {
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

export function stopAll(): void {
  for (const child of children) child.kill('SIGKILL');
}

/** Resolves on the child's first IPC message of `type`. */
export function nextMessage<T extends { type: string }>(child: ChildProcess, type: T['type']): Promise<T> {
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null) => reject(new Error(`child exited (${code}) before "${type}"`));
    const onMessage = (message: T) => {
      if (message.type !== type) return;
      child.off('message', onMessage);
      child.off('exit', onExit);
      resolve(message);
    };
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

/** Polls `url` until it answers 2xx (servers without IPC). */
export async function waitForHttp(url: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await sleep(200);
  }
  throw new Error(`${url} did not come up within ${timeoutMs} ms`);
}

/** Resident set size of a process, MiB (Linux /proc). */
export function rssMiB(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) / 1024 : 0;
}

/** Samples a server's RSS (its whole process tree) while `work` runs; returns the peak. */
export async function peakRss<T>(pid: number, work: () => Promise<T>): Promise<{ result: T; peakMiB: number }> {
  let peak = treeRssMiB(pid);
  const timer = setInterval(() => (peak = Math.max(peak, treeRssMiB(pid))), 250);
  try {
    return { result: await work(), peakMiB: Math.max(peak, treeRssMiB(pid)) };
  } finally {
    clearInterval(timer);
  }
}

let loads = 0;

/** Runs the load worker (autocannon) in its own process and returns its result line. */
export async function runLoad<R>(config: object): Promise<R> {
  const file = join(logs, `load-${++loads}.json`);
  writeFileSync(file, JSON.stringify(config));
  const child = track(spawn(process.execPath, [`${DIST}scripts/lib/bench/load-worker.js`], { env: { ...process.env, LOAD_CONFIG_FILE: file }, stdio: ['ignore', 'pipe', 'inherit'] }));
  let out = '';
  child.stdout!.on('data', (chunk: Buffer) => (out += chunk));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  rmSync(file, { force: true });
  if (code !== 0) throw new Error(`load worker failed (${code})`);
  return JSON.parse(out.trim().split('\n').at(-1)!) as R;
}

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

/** CPU seconds (user + system) a process and all its descendants have used (Linux /proc). */
export function treeCpuSeconds(pid: number): number {
  let ticks = 0;
  const pending = [pid];
  while (pending.length) {
    const current = pending.pop()!;
    try {
      // Fields after the command's closing parenthesis: utime, stime, then cutime and cstime, the
      // time of children already exited and reaped (Postgres backends that closed), at 11 to 14.
      const fields = readFileSync(`/proc/${current}/stat`, 'utf8').split(') ')[1]!.split(' ');
      ticks += Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]);
      for (const task of readdirSync(`/proc/${current}/task`)) {
        const children = readFileSync(`/proc/${current}/task/${task}/children`, 'utf8').trim();
        if (children) pending.push(...children.split(' ').map(Number));
      }
    } catch {
      // exited meanwhile
    }
  }
  return ticks / TICKS_PER_SECOND;
}

/**
 * CPU seconds this machine has spent working (every core): user, nice, system and interrupts. Not
 * idle or iowait, and not steal, which is time the hypervisor gave to another machine.
 */
export function machineBusySeconds(): number {
  const [, user, nice, system, , , irq, softirq] = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).map(Number);
  return (user! + nice! + system! + irq! + softirq!) / TICKS_PER_SECOND;
}

/**
 * The postmaster of a Postgres backend running on this machine, or null if there is no such backend
 * here (Postgres on another machine, where the pid means nothing or something else).
 */
export function localPostmaster(backendPid: number): number | null {
  try {
    if (readFileSync(`/proc/${backendPid}/comm`, 'utf8').trim() !== 'postgres') return null;
    return Number(readFileSync(`/proc/${backendPid}/stat`, 'utf8').split(') ')[1]!.split(' ')[1]);
  } catch {
    return null;
  }
}

/** Throws if something already listens on a port the benchmark needs: it would measure that instead. */
export async function assertPortsFree(ports: readonly number[]): Promise<void> {
  const taken: number[] = [];
  for (const port of ports) {
    const server = createServer();
    const free = await new Promise<boolean>((resolve) => {
      server.once('error', () => resolve(false));
      server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
    });
    if (!free) taken.push(port);
  }
  if (taken.length) throw new Error(`Port(s) ${taken.join(', ')} already in use on 127.0.0.1; stop what listens there (a running npm start?) and retry.`);
}

/** `npm run build`: the benchmark runs the compiled servers, so it compiles the current sources first. */
export function buildDist(): void {
  execFileSync('npm', ['run', '--silent', 'build'], { stdio: 'inherit' });
}
