// Graceful shutdown for the entry points (gateway/index.ts, subgraphs' run.ts, npm start).
//
// Apollo Server, outside NODE_ENV=test, installs its own SIGINT/SIGTERM handler that stops it at
// once and re-raises the signal, which kills the process while requests are still in flight. The
// entry points own shutdown instead: stop listening, finish in-flight requests, close the database.
const SIGNALS = ['SIGINT', 'SIGTERM'] as const;

/** Runs `start` (which starts Apollo servers) and takes back off any signal handler it installed. */
export async function withoutApolloSignalHandlers<T>(start: () => Promise<T>): Promise<T> {
  const before = new Map(SIGNALS.map((signal) => [signal, new Set(process.listeners(signal))]));
  const result = await start();
  for (const signal of SIGNALS) {
    for (const listener of process.listeners(signal)) if (!before.get(signal)!.has(listener)) process.removeListener(signal, listener);
  }
  return result;
}

/** On the first SIGINT/SIGTERM, runs `shutdown` and exits; a second signal exits at once. */
export function onShutdownSignal(shutdown: () => Promise<void>): void {
  let stopping = false;
  for (const signal of SIGNALS) {
    process.on(signal, () => {
      if (stopping) process.exit(1);
      stopping = true;
      shutdown().then(
        () => process.exit(0),
        () => process.exit(1),
      );
    });
  }
}
