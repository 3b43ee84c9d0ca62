// What the outbox costs a mutation: the same mutations, one at a time through the gateway, in
// rotating blocks (so drift in a shared machine's load falls on each alike) of three kinds:
// without the outbox (appendEvents appending nothing: outboxBaseline), with the outbox and no
// transport running (the append alone, in the mutation's transaction), and with the outbox and the
// transport running (in process that includes the commit's wait for the copies in this process, the
// hand-off that makes a client's next request see its write; on one PGlite backend, also the
// consumers' statements queued beside the next mutation's).
import { outboxBaseline } from '../../../../subgraphs/shared/events/outbox.js';
import { CHANGE, FILE, loadWriteFixtures, WITHDRAW, type WriteKind } from '../event-load.js';
import { allCaughtUp } from './backlog.js';
import type { BenchSystem } from './harness.js';
import type { Measurement } from './measurement.js';
import { median, ms, sleep } from './measurement.js';
import { status, statusDone } from './progress.js';

const MODES = ['without', 'outbox', 'with'] as const;
type Mode = (typeof MODES)[number];
const BLOCKS = 2 * MODES.length;

/** Starts the transport and waits until every copy has caught up, so no backlog runs beside the timing. */
async function eventsRunning(bench: BenchSystem): Promise<void> {
  await bench.startEvents();
  while (!(await allCaughtUp(bench.sql))) await sleep(100);
}
const KINDS: WriteKind[] = ['file', 'change', 'withdraw'];

export const outboxOverhead: Measurement = {
  name: 'overhead',
  title: 'Mutation p50 with the outbox against the same mutation without it',
  description:
    'One client, one mutation at a time through the gateway, in rotating blocks: without the outbox (appendEvents skipped by the benchmark\'s own switch), ' +
    'with the outbox and no transport running (the append alone), and with the outbox and the transport running (in process: including the commit\'s wait for the copies). ' +
    'The goal (at most 1.1×) is on the append: "outbox ÷ without".',
  columns: ['transport', 'mutation', 'samples each', 'p50 without ms', 'p50 outbox ms', 'p50 outbox + transport ms', 'outbox ÷ without', 'outbox + transport ÷ without'],
  async run(bench, args) {
    const fixtures = await loadWriteFixtures(bench.driver, args.rounds);
    const cadence = new Map(fixtures.enrollments.map((e) => [e.id, e.cadence]));
    const samples: Record<Mode, Map<WriteKind, number[]>> = { without: new Map(), outbox: new Map(), with: new Map() };
    const timed = async (mode: Mode, kind: WriteKind, query: string, variables: Record<string, unknown>) => {
      const started = performance.now();
      const response = await bench.send(query, variables);
      const took = performance.now() - started;
      if (response.errors?.length) throw new Error(`${kind}: ${response.errors[0]!.message}`);
      samples[mode].set(kind, [...(samples[mode].get(kind) ?? []), took]);
      return response.data;
    };
    try {
      for (let block = 0; block < BLOCKS; block++) {
        const mode = MODES[block % MODES.length]!;
        outboxBaseline.skip = mode === 'without';
        if (mode === 'outbox') await bench.stopEvents();
        if (mode === 'with') await eventsRunning(bench);
        for (let round = 0; round < args.rounds; round++) {
          status(`${bench.transport} outbox overhead: block ${block + 1}/${BLOCKS} (${mode}), round ${round + 1}/${args.rounds}`);
          const aNumber = fixtures.people[round % fixtures.people.length]!;
          const enrollment = fixtures.enrollments[round % fixtures.enrollments.length]!;
          const filed = await timed(mode, 'file', FILE, { input: { aNumber, representativeId: fixtures.representativeId, form: 'G_28', scope: 'LIMITED', isPrimary: false } });
          const target = cadence.get(enrollment.id) === 'WEEKLY' ? 'MONTHLY' : 'WEEKLY';
          await timed(mode, 'change', CHANGE, { input: { enrollmentId: enrollment.id, checkInCadence: target } });
          cadence.set(enrollment.id, target);
          await timed(mode, 'withdraw', WITHDRAW, { input: { representationId: filed.fileRepresentation.id, reason: 'Bench' } });
        }
      }
    } finally {
      outboxBaseline.skip = false;
      statusDone();
    }
    await eventsRunning(bench);
    const of = (mode: Mode, kinds: WriteKind[]) => kinds.flatMap((k) => samples[mode].get(k) ?? []);
    const row = (label: string, kinds: WriteKind[]) => {
      const [without, outbox, full] = MODES.map((mode) => median(of(mode, kinds)));
      return [bench.transport, label, String(of('without', kinds).length), ms(without!), ms(outbox!), ms(full!), `${(outbox! / without!).toFixed(2)}×`, `${(full! / without!).toFixed(2)}×`];
    };
    return [...KINDS.map((kind) => row(kind, [kind])), row('**all three**', KINDS)];
  },
};
