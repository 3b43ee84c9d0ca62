// A steady mixed write load through the gateway, of the mutations whose events other domains copy:
// legal's fileRepresentation / withdrawRepresentation (partner clients in three domains) and
// enrollment's changeSupervision (check-in's supervision terms), in turn, at a fixed rate, and, when
// asked, the docket's rescheduleHearing (the worklist's next hearing, the alerts' fan-out) and
// check-in's recordCheckIn (the worklist's last check-in and compliance). Used by
// the fault tests (writes keep coming while the broker is down) and by bench:events (lag under load).
import { randomUUID } from 'node:crypto';
import { queryRows, type Driver } from '../../../kit/database/db.js';
import { submissionCandidates } from '../../../subgraphs/checkin/mutations/windows-for-writes.js';
import type { Term } from '../../../subgraphs/checkin/windows.js';
import { windowsClosedWithin } from '../../../subgraphs/checkin/timeline.js';

export type Send = (query: string, variables: Record<string, unknown>) => Promise<{ data?: any; errors?: { message: string; extensions?: { code?: string } }[] }>;

export interface WriteFixtures {
  representativeId: string;
  /** People the representative does not represent now: each is filed for, then withdrawn, then free again. */
  people: string[];
  /** Active enrollments and their cadence, which changeSupervision toggles. */
  enrollments: { id: string; cadence: string }[];
  /** Scheduled hearings more than a day ahead, which rescheduleHearing moves a day later each time. */
  hearings: { id: string; scheduledAt: string }[];
  /**
   * Check-ins the load may record, each once: a window of the last week with nothing recorded for it,
   * submitted (by the device's clock) a minute after it opened, or a window due now, submitted now.
   */
  checkIns: { enrolleeId: string; submittedAt?: string }[];
}

export interface WriteLoadResult {
  /** Mutations that returned without errors, by kind. */
  succeeded: Record<WriteKind, number>;
  /** Mutations that returned errors or failed to reach the gateway: message → how many. */
  failed: Record<string, number>;
  /** Client-side latency of each successful mutation, ms, by kind. */
  latencies: Record<WriteKind, number[]>;
}

export type WriteKind = 'file' | 'withdraw' | 'change' | 'reschedule' | 'checkin';

export const FILE = `mutation($input: FileRepresentationInput!) { fileRepresentation(input: $input) { id } }`;
export const WITHDRAW = `mutation($input: WithdrawRepresentationInput!) { withdrawRepresentation(input: $input) { id } }`;
export const CHANGE = `mutation($input: ChangeSupervisionInput!) { changeSupervision(input: $input) { id } }`;
export const RESCHEDULE = `mutation($input: RescheduleHearingInput!) { rescheduleHearing(input: $input) { id scheduledAt } }`;
export const RECORD_CHECK_IN = `mutation($input: RecordCheckInInput!) { recordCheckIn(input: $input) { id } }`;

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
  return {
    representativeId: rep!.id,
    people: free.map((r) => r.a),
    enrollments,
    hearings: hearings.map((h) => ({ id: h.id, scheduledAt: new Date(h.scheduledAt).toISOString() })),
    checkIns: await dueCheckIns(driver, people * 25),
  };
}

/**
 * Check-ins that are valid to record, by the check-in domain's own rule for which window a
 * submission fills: windows of the last week that nothing was recorded for (a device's submission
 * may be up to 7 days old), and the window due now.
 */
async function dueCheckIns(driver: Driver, limit: number): Promise<WriteFixtures['checkIns']> {
  const terms = await queryRows<Term & { enrolleeId: string }>(
    driver,
    `select t.enrollee_id as "enrolleeId", t.technology::text as technology, t.check_in_cadence::text as "checkInCadence", t.started_at as "startedAt", t.ended_at as "endedAt"
     from checkin.supervision_terms t
     where t.enrollee_id in (select enrollee_id from checkin.supervision_terms where ended_at is null order by enrollee_id limit $1)
     order by t.enrollee_id, t.started_at`,
    [limit],
  );
  const byPerson = new Map<string, Term[]>();
  for (const t of terms) byPerson.set(t.enrolleeId, [...(byPerson.get(t.enrolleeId) ?? []), { ...t, startedAt: new Date(t.startedAt), endedAt: t.endedAt && new Date(t.endedAt) }]);
  const now = new Date();
  // Six days back, not seven: the load sends them over the next minutes.
  const oldest = now.getTime() - 6 * 86_400_000;
  const due = [...byPerson].flatMap(([enrolleeId, personTerms]) => {
    const past = windowsClosedWithin(personTerms, now, 6 * 86_400_000)
      .map((w) => new Date(w.opensAt.getTime() + 60_000))
      .filter((at) => at.getTime() > oldest)
      .flatMap((at) => {
        const open = submissionCandidates(personTerms, at).open;
        return open ? [{ enrolleeId, dueAt: open.opensAt, submittedAt: at.toISOString() }] : [];
      });
    // Were the window due now to close, or the next to open, before it is sent, the submission
    // would fill the same window late, or the new one: valid either way.
    const { open, closed } = submissionCandidates(personTerms, now);
    const current = open ?? closed;
    return [...past, ...(current ? [{ enrolleeId, dueAt: current.opensAt, submittedAt: undefined }] : [])];
  });
  if (!due.length) return [];
  const recorded = new Set(
    (await queryRows<{ key: string }>(
      driver,
      `select c.enrollee_id || ' ' || (extract(epoch from c.due_at) * 1000)::bigint as key from checkin.check_ins c
       join unnest($1::uuid[], $2::timestamptz[]) as w(enrollee_id, due_at) on w.enrollee_id = c.enrollee_id and w.due_at = c.due_at`,
      [due.map((d) => d.enrolleeId), due.map((d) => d.dueAt.toISOString())],
    )).map((r) => r.key),
  );
  const seen = new Set<string>();
  return due.flatMap(({ enrolleeId, dueAt, submittedAt }) => {
    const key = `${enrolleeId} ${dueAt.getTime()}`;
    if (recorded.has(key) || seen.has(key)) return [];
    seen.add(key);
    return [submittedAt ? { enrolleeId, submittedAt } : { enrolleeId }];
  });
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
  const checkIns = [...fixtures.checkIns];
  const result: WriteLoadResult = {
    succeeded: { file: 0, withdraw: 0, change: 0, reschedule: 0, checkin: 0 },
    failed: {},
    latencies: { file: [], withdraw: [], change: [], reschedule: [], checkin: [] },
  };
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

  async function checkIn(checkIn: WriteFixtures['checkIns'][number]): Promise<void> {
    await track('checkin', RECORD_CHECK_IN, { input: { idempotencyKey: randomUUID(), method: 'APP_PHOTO', identityVerification: 'MATCHED', ...checkIn } });
  }

  function next(): Promise<void> | undefined {
    const kind = kinds[turn++ % kinds.length]!;
    if (kind === 'checkin') {
      const next = checkIns.shift();
      return next ? checkIn(next) : undefined;
    }
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
