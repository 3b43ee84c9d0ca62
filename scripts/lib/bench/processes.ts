// Child processes of the benchmark: each server measured runs in a process of its own, so the
// load generator, the gateway under test and the subgraphs never share an event loop.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { readdirSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

const children = new Set<ChildProcess>();

/** Runs a TypeScript file in a Node process (tsx as a loader, so the pid is the server's own). */
export function spawnTs(script: string, env: Record<string, string>, options: { ipc?: boolean } = {}): ChildProcess {
  return track(
    spawn(process.execPath, ['--import', 'tsx', script], {
      env: { ...process.env, LOG_LEVEL: 'silent', ...env },
      stdio: options.ipc ? ['ignore', 'pipe', 'inherit', 'ipc'] : ['ignore', 'pipe', 'inherit'],
    }),
  );
}

export function spawnNode(args: string[], env: Record<string, string>): ChildProcess {
  return track(spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] }));
}

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

/** Samples a process's RSS while `work` runs; returns the peak. */
export async function peakRss<T>(pid: number, work: () => Promise<T>): Promise<{ result: T; peakMiB: number }> {
  let peak = rssMiB(pid);
  const timer = setInterval(() => (peak = Math.max(peak, rssMiB(pid))), 250);
  try {
    return { result: await work(), peakMiB: Math.max(peak, rssMiB(pid)) };
  } finally {
    clearInterval(timer);
  }
}

/** Runs the load worker (autocannon) in its own process and returns its result line. */
export async function runLoad<R>(config: object): Promise<R> {
  const child = spawnTs(new URL('./load-worker.ts', import.meta.url).pathname, { LOAD_CONFIG: JSON.stringify(config) });
  let out = '';
  child.stdout!.on('data', (chunk: Buffer) => (out += chunk));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
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
