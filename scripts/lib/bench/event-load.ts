// A steady mixed write load through the gateway, of the mutations whose events other domains copy:
// legal's fileRepresentation / withdrawRepresentation (partner clients in three domains) and
// enrollment's changeSupervision (check-in's supervision terms), in turn, at a fixed rate, and, when
// asked, the docket's rescheduleHearing (the worklist's next hearing, the alerts' fan-out). Used by
// the fault tests (writes keep coming while the broker is down) and by bench:events (lag under load).
import { queryRows, type Driver } from '../../../kit/database/db.js';

export type Send = (query: string, variables: Record<string, unknown>) => Promise<{ data?: any; errors?: { message: string; extensions?: { code?: string } }[] }>;

export interface WriteFixtures {
  representativeId: string;
  /** People the representative does not represent now: each is filed for, then withdrawn, then free again. */
  people: string[];
  /** Active enrollments and their cadence, which changeSupervision toggles. */
  enrollments: { id: string; cadence: string }[];
  /** Scheduled hearings more than a day ahead, which rescheduleHearing moves a day later each time. */
  hearings: { id: string; scheduledAt: string }[];
}

export interface WriteLoadResult {
  /** Mutations that returned without errors, by kind. */
  succeeded: Record<WriteKind, number>;
  /** Mutations that returned errors or failed to reach the gateway: message → how many. */
  failed: Record<string, number>;
  /** Client-side latency of each successful mutation, ms, by kind. */
  latencies: Record<WriteKind, number[]>;
}

export type WriteKind = 'file' | 'withdraw' | 'change' | 'reschedule';

export const FILE = `mutation($input: FileRepresentationInput!) { fileRepresentation(input: $input) { id } }`;
export const WITHDRAW = `mutation($input: WithdrawRepresentationInput!) { withdrawRepresentation(input: $input) { id } }`;
export const CHANGE = `mutation($input: ChangeSupervisionInput!) { changeSupervision(input: $input) { id } }`;
export const RESCHEDULE = `mutation($input: RescheduleHearingInput!) { rescheduleHearing(input: $input) { id scheduledAt } }`;

/** Fixtures from the seeded data: one representative with an organisation, and who it may file for. */
export async function loadWriteFixtures(driver: Driver, people = 200): Promise<WriteFixtures> {
  const [rep] = await queryRows<{ id: string }>(driver, `select id from legal.representatives where organization_id is not null order by id limit 1`);
  const free = await queryRows<{ a: string }>(
    driver,
    `select e.a_number as a from enrollment.enrollees e
     where not exists (select 1 from legal.representations r where r.a_number = e.a_number and r.withdrawn_at is null and r.representative_id = $1)
     order by e.id limit $2`,
    [rep!.id, people],
  );
  const enrollments = await queryRows<{ id: string; cadence: string }>(
    driver,
    `select id, check_in_cadence::text as cadence from enrollment.enrollments where status = 'ACTIVE' order by id limit $1`,
    [people],
  );
  const hearings = await queryRows<{ id: string; scheduledAt: string }>(
    driver,
    `select id, scheduled_at as "scheduledAt" from docket.hearings where status = 'SCHEDULED' and scheduled_at between now() + interval '1 day' and now() + interval '1 year' order by id limit $1`,
    [people],
  );
  return { representativeId: rep!.id, people: free.map((r) => r.a), enrollments, hearings: hearings.map((h) => ({ id: h.id, scheduledAt: new Date(h.scheduledAt).toISOString() })) };
}

export interface WriteLoad {
  /** Writes sent so far. */
  readonly sent: number;
  /** Stops sending, waits for the writes in flight, and reports. */
  stop(): Promise<WriteLoadResult>;
}

/**
 * Sends one write every 1/`perSecond` s (not waiting for the previous one, so a slow answer does
 * not lower the rate), cycling through `kinds` (file → change → withdraw unless told). A person is
 * filed for, and a hearing moved, at most once at a time, so every mutation is valid whatever order
 * the answers come back in.
 */
export function startWriteLoad(send: Send, fixtures: WriteFixtures, perSecond: number, kinds: readonly WriteKind[] = ['file', 'change', 'withdraw']): WriteLoad {
  const free = [...fixtures.people];
  const filed: { representationId: string; aNumber: string }[] = [];
  const enrollments = fixtures.enrollments.map((e) => ({ ...e, busy: false }));
  const hearings = [...fixtures.hearings];
  const result: WriteLoadResult = { succeeded: { file: 0, withdraw: 0, change: 0, reschedule: 0 }, failed: {}, latencies: { file: [], withdraw: [], change: [], reschedule: [] } };
  const inFlight = new Set<Promise<void>>();
  let sent = 0;
  let turn = 0;

  /** Sends one mutation; true when it returned without errors. */
  const track = async (kind: WriteKind, query: string, variables: Record<string, unknown>): Promise<any> => {
    const started = performance.now();
    try {
      const response = await send(query, variables);
      if (response.errors?.length) throw new Error(response.errors[0]!.extensions?.code ?? response.errors[0]!.message);
      result.latencies[kind].push(performance.now() - started);
      result.succeeded[kind]++;
      return response.data;
    } catch (error) {
      const reason = `${kind}: ${(error as Error).message}`;
      result.failed[reason] = (result.failed[reason] ?? 0) + 1;
      return undefined;
    }
  };

  async function change(enrollment: (typeof enrollments)[number]): Promise<void> {
    const target = enrollment.cadence === 'WEEKLY' ? 'MONTHLY' : 'WEEKLY';
    enrollment.busy = true;
    if (await track('change', CHANGE, { input: { enrollmentId: enrollment.id, checkInCadence: target } })) enrollment.cadence = target;
    enrollment.busy = false;
  }

  async function file(aNumber: string): Promise<void> {
    const input = { aNumber, representativeId: fixtures.representativeId, form: 'G_28', scope: 'LIMITED', isPrimary: false };
    const data = await track('file', FILE, { input });
    if (data) filed.push({ representationId: data.fileRepresentation.id, aNumber });
    else free.push(aNumber);
  }

  async function withdraw(filing: { representationId: string; aNumber: string }): Promise<void> {
    // A person is free again only once the withdrawal committed (a failed one keeps them out).
    if (await track('withdraw', WITHDRAW, { input: { representationId: filing.representationId, reason: 'Load' } })) free.push(filing.aNumber);
  }

  async function reschedule(hearing: { id: string; scheduledAt: string }): Promise<void> {
    const later = new Date(new Date(hearing.scheduledAt).getTime() + 86_400_000).toISOString();
    const data = await track('reschedule', RESCHEDULE, { input: { hearingId: hearing.id, scheduledAt: later, reason: 'Load' } });
    // The replacement is the hearing to move next time; a failed move leaves the old one in place.
    hearings.push(data ? { id: data.rescheduleHearing.id, scheduledAt: data.rescheduleHearing.scheduledAt } : hearing);
  }

  function next(): Promise<void> | undefined {
    const kind = kinds[turn++ % kinds.length]!;
    if (kind === 'reschedule') {
      const hearing = hearings.shift();
      return hearing ? reschedule(hearing) : undefined;
    }
    if (kind === 'change') {
      const enrollment = enrollments[turn % Math.max(1, enrollments.length)];
      return enrollment && !enrollment.busy ? change(enrollment) : undefined;
    }
    if (kind === 'withdraw' && filed.length > 0) return withdraw(filed.shift()!);
    const aNumber = free.shift();
    return aNumber ? file(aNumber) : undefined;
  }

  const timer = setInterval(() => {
    const write = next();
    if (!write) return;
    sent++;
    inFlight.add(write);
    void write.finally(() => inFlight.delete(write));
  }, 1000 / perSecond);

  return {
    get sent() {
      return sent;
    },
    async stop() {
      clearInterval(timer);
      while (inFlight.size) await Promise.all(inFlight);
      return result;
    },
  };
}
