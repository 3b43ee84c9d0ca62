// Draining a backlog: events written while nothing consumed (legal's filings and withdrawals,
// backlog.ts), then the transport started, timed until every copy of them has applied the last.
import { appendLegalBacklog, partnerCopiesOffset } from './backlog.js';
import type { Measurement } from './measurement.js';
import { sleep } from './measurement.js';
import { status, statusDone } from './progress.js';

export const backlogDrain: Measurement = {
  name: 'drain',
  title: 'Draining a backlog',
  description:
    'Legal\'s outbox given N events (filings and withdrawals, with their rows) while no transport ran; then the transport started and timed until each of the three partner-client copies had applied the last. ' +
    'events/s counts source events (each applied by three copies: deliveries/s is three times it). Through NATS the relay publishes the backlog to the stream first; "relay" is when it had.',
  columns: ['transport', 'events', 'drained in s', 'events/s', 'deliveries/s', 'relay published all at s'],
  async run(bench, args) {
    await bench.stopEvents();
    const from = await partnerCopiesOffset(bench.sql);
    status(`${bench.transport} drain: writing ${args.backlog} events`);
    const last = await appendLegalBacklog(bench.sql, args.backlog);
    const [{ n }] = (await bench.sql<{ n: string }>(`select count(*) as n from legal.outbox where sequence > ${from}`)) as [{ n: string }];
    const events = Number(n);
    const started = performance.now();
    let relayed: number | undefined;
    const starting = bench.startEvents();
    for (;;) {
      const reached = await partnerCopiesOffset(bench.sql);
      if (bench.transport === 'nats' && relayed === undefined) {
        const [{ left }] = (await bench.sql<{ left: string }>(`select count(*) as left from legal.outbox where published_at is null`)) as [{ left: string }];
        if (Number(left) === 0) relayed = (performance.now() - started) / 1000;
      }
      if (reached >= last) break;
      status(`${bench.transport} drain: ${Math.max(0, reached - from)}/${last - from} sequences, ${((performance.now() - started) / 1000).toFixed(0)} s`);
      await sleep(100);
    }
    const seconds = (performance.now() - started) / 1000;
    await starting;
    statusDone();
    return [[bench.transport, events.toLocaleString('en-US'), seconds.toFixed(1), Math.round(events / seconds).toLocaleString('en-US'), Math.round((3 * events) / seconds).toLocaleString('en-US'), relayed === undefined ? '–' : relayed.toFixed(1)]];
  },
};
