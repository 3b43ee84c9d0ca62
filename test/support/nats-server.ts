// A NATS server with JetStream of a test's own, on a free port with its own store directory, so a
// test can stop and restart a broker without touching the one every other test shares
// (127.0.0.1:4222). Restarted on the same port and store, it keeps its streams and durables.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, connect as tcpConnect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const NATS_SERVER = process.env.NATS_SERVER_BIN ?? '/usr/sbin/nats-server';

export interface PrivateNats {
  url: string;
  port: number;
  /** Stops the server (SIGTERM: it flushes its store and closes client connections). */
  stop(): Promise<void>;
  /** Kills it (SIGKILL: no flush, no goodbye to clients), as a crashed broker or machine would go. */
  kill(): Promise<void>;
  /** Starts it again on the same port and store. */
  start(): Promise<void>;
  /** Stops it and removes its store. */
  close(): Promise<void>;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function listening(port: number, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const socket = tcpConnect(port, '127.0.0.1', () => {
        socket.destroy();
        resolve(true);
      });
      socket.on('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`nats-server did not listen on ${port} within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export async function startPrivateNats(): Promise<PrivateNats> {
  const port = await freePort();
  const storeDir = mkdtempSync(join(tmpdir(), 'sg-nats-'));
  let child: ChildProcess | undefined;
  let output = '';

  const start = async () => {
    output = '';
    child = spawn(NATS_SERVER, ['-js', '-a', '127.0.0.1', '-p', String(port), '-sd', storeDir], { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout!.on('data', (chunk) => (output += chunk));
    child.stderr!.on('data', (chunk) => (output += chunk));
    try {
      await listening(port, 10_000);
    } catch (error) {
      throw new Error(`${(error as Error).message}\n${output}`);
    }
  };
  /** Ends the process with `signal`; SIGTERM falls back to SIGKILL after 10 s. */
  const end = async (signal: 'SIGTERM' | 'SIGKILL') => {
    const running = child;
    child = undefined;
    if (!running || running.exitCode !== null) return;
    const exited = new Promise((resolve) => running.once('exit', resolve));
    running.kill(signal);
    const timer = signal === 'SIGTERM' ? setTimeout(() => running.kill('SIGKILL'), 10_000) : undefined;
    await exited;
    clearTimeout(timer);
  };
  const stop = () => end('SIGTERM');

  await start();
  return {
    url: `nats://127.0.0.1:${port}`,
    port,
    stop,
    kill: () => end('SIGKILL'),
    start,
    async close() {
      await stop();
      rmSync(storeDir, { recursive: true, force: true });
    },
  };
}
