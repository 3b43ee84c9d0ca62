// Lag from the source's COMMIT to the change applied in each copy, under a steady mixed write load
// through the gateway (file / change supervision / withdraw / reschedule / check in, in turn;
// event-load.ts), and how fresh the worklist stays for the two changes a caseworker acts on.
import { loadWriteFixtures, startWriteLoad } from '../event-load.js';
import { median, ms, sleep, spread, type Measurement } from './measurement.js';
import { status, statusDone } from './progress.js';

/**
 * Load before recording. A freshly started system (cold pool, caches, JIT) falls seconds behind in
 * the first seconds of load and takes several more to recover (most visibly in process, where each
 * commit then waits out the hand-off cap): that start-up is not the steady state measured here.
 */
const WARM_UP_MS = 8_000;
/** After the load stops, how long events committed under it may take to arrive before they count as missing. */
const SETTLE_MS = 3_000;
/** The changes whose arrival in the worklist is reported on its own. */
const FRESHNESS_TYPES = ['CheckInRecorded', 'HearingRescheduled'] as const;

export const lagUnderLoad: Measurement = {
  name: 'lag',
  title: 'Lag, commit → applied in each copy, under a steady mixed write load',
  description:
    'The source transaction\'s COMMIT (timed by an onCommitted listener in the same process) to the COMMIT of the consumer\'s own transaction that applied it (its `committed` hook). ' +
    'Writes: fileRepresentation, changeSupervision, withdrawRepresentation, rescheduleHearing, recordCheckIn in turn through the gateway, each sent on a fixed clock (not waiting for the previous answer). "seen" is events timed out of those its sources committed while recording. ' +
    'Rows "worklist.people ← T" are the worklist\'s freshness for events of type T alone (a check-in recorded or a hearing rescheduled should show within 1 s, p99).',
  columns: ['transport', 'copy', 'seen', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', 'writes/s sent', 'mutation p50 ms', 'failed writes'],
  async run(bench, args) {
    const fixtures = await loadWriteFixtures(bench.driver, Math.min(args.enrollees, 400));
    const load = startWriteLoad(bench.send, fixtures, args.rate, ['file', 'change', 'withdraw', 'reschedule', 'checkin']);
    await sleep(WARM_UP_MS);
    bench.probe.reset();
    bench.probe.recording = true;
    const sentAtStart = load.sent;
    const started = performance.now();
    while (performance.now() - started < args.seconds * 1000) {
      await sleep(500);
      const elapsed = (performance.now() - started) / 1000;
      status(`${bench.transport} lag: ${elapsed.toFixed(0)}/${args.seconds} s, ${load.sent - sentAtStart} writes`);
    }
    bench.probe.recording = false;
    const sent = load.sent - sentAtStart;
    const result = await load.stop();
    await sleep(SETTLE_MS);
    statusDone();
    const committed = bench.probe.committedCount();
    const all = [...bench.probe.lags.values()].flat();
    const latencies = Object.values(result.latencies).flat();
    const failed = Object.values(result.failed).reduce((a, b) => a + b, 0);
    const reasons = Object.entries(result.failed).sort(([, a], [, b]) => b - a).slice(0, 3).map(([reason, n]) => `${reason} ×${n}`);
    const writes = [(sent / args.seconds).toFixed(1), ms(median(latencies)), failed ? `${failed} (${reasons.join('; ')})` : '0'];
    const rows = [...bench.probe.lags.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([consumer, samples]) => [bench.transport, consumer, `${samples.length}/${bench.probe.sourcesOf(consumer).reduce((n, source) => n + (committed.get(source) ?? 0), 0)}`, ...spread(samples), '', '', '']);
    for (const type of FRESHNESS_TYPES) {
      const samples = bench.probe.lagsByType.get(`worklist.people ${type}`) ?? [];
      rows.push([bench.transport, `worklist.people ← ${type}`, String(samples.length), ...spread(samples), '', '', '']);
    }
    rows.push([bench.transport, '**every copy**', String(all.length), ...spread(all), ...writes]);
    return rows;
  },
};
