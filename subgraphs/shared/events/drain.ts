// Delivers every event already in the outboxes of `domains` to their consumers, then returns: the
// in-process transport run once to completion (subgraph tests and scripts that need copies current
// now, without a transport running in the background).
import { inProcessTransport } from './in-process.js';
import type { EventDomain } from './transport.js';

export async function drainEvents(domains: readonly EventDomain[]): Promise<void> {
  const transport = inProcessTransport();
  // start() catches every feed up before it resolves; the poll never fires before stop().
  await transport.start({ domains, pollMs: 3_600_000 });
  await transport.stop();
}
