// Check-in alerts end to end: a partner and a field office register endpoints through the gateway,
// check-in's compliance-evaluation job runs at an instant weeks ahead (as its scheduler would then:
// the windows in between closed with nothing submitted), and a real HTTP receiver verifies each
// delivery's Standard Webhooks signature. Check-in's events name the A-number from its own copy of
// the terms, so a partner's alert needs nothing from enrollment's stream. Then the worker's last checks:
// a delivery still pending when the representation is withdrawn is cancelled, not sent, and an
// endpoint whose every delivery failed for 24 hours is disabled, saying why.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { subgraphDb } from '../kit/database/db.js';
import { scheduledJobs as checkinJobs } from '../subgraphs/checkin/db/schema.js';
import { complianceEvaluationJob } from '../subgraphs/checkin/jobs/compliance-evaluation.js';
import { runJobOnce } from '../subgraphs/shared/scheduled-job.js';
import { startTestStack, type TestStack } from './support/stack.js';
import { startWebhookReceiver, type ReceivedWebhook, type WebhookReceiver } from './support/webhook-receiver.js';

const DAY = 86_400_000;
const HOUR = 3_600_000;
// Set before the stack starts: the delivery worker reads its schedule when it starts. Retries 2 s
// apart: long enough to act on a delivery between its first failure and its next attempt.
const env = { WEBHOOKS_ALLOW_HTTP_LOOPBACK: 'true', WEBHOOK_RETRY_DELAYS_MS: '2000,2000,2000,2000,2000,2000', WEBHOOK_POLL_MS: '50' };
const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
Object.assign(process.env, env);

interface Person {
  aNumber: string;
  enrolleeId: string;
  office: string;
  level: string | null;
}

let stack: TestStack;
let receiver: WebhookReceiver;
let officeReceiver: WebhookReceiver;
let partnerKey: string;
let org: string;
let client: Person & { representationId: string };
let nonClient: Person;
let endpointId: string;
/** The organisation's active clients, and every enrolled person's field office, when the test began. */
let orgClients: Set<string>;
let officeOf: Map<string, string>;

async function ok(query: string, variables: Record<string, unknown> = {}, key: string | null = stack.keys.staff) {
  const { body } = await stack.gql(query, variables, key);
  expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
  return body.data;
}

const CREATE = `mutation($input: CreateWebhookEndpointInput!) { createWebhookEndpoint(input: $input) { secret endpoint { id eventTypes status } } }`;
const ENDPOINTS = `{ viewer { webhookEndpoints(first: 5) { edges { node { id status disabledReason disabledAt failingSince
  deliveries(first: 50) { edges { node { webhookId eventType aNumber status attempts lastResponseStatus lastError } } } } } } } }`;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const about = (r: WebhookReceiver, aNumber: string, type?: string) => r.received.filter((w) => w.verified?.data?.aNumber === aNumber && (!type || w.verified.type === type));

/** Check-in's compliance evaluation, run as its scheduler would at `at` (until no one due is left). */
async function evaluateComplianceAt(at: Date) {
  const db = subgraphDb(stack.database.databases.of('checkin'));
  const job = complianceEvaluationJob({ intervalMs: 60_000, batchSize: 1000 });
  for (let outcome = await runJobOnce(db, checkinJobs, job, at); outcome.ran && outcome.result.more; outcome = await runJobOnce(db, checkinJobs, job, at));
}

/** Waits until the alerts fan-out has applied everything check-in has published. */
async function fanoutCaughtUp() {
  const [{ last }] = (await stack.sql<{ last: number }>(`select coalesce(max(sequence), 0)::int as last from checkin.outbox`)) as [{ last: number }];
  for (let i = 0; i < 400; i++) {
    const [row] = await stack.sql<{ n: number }>(`select coalesce(max(sequence), 0)::int as n from alerts.consumer_offsets where consumer = 'alerts.fanout' and source = 'checkin'`);
    if (row!.n >= last) return;
    await sleep(25);
  }
  throw new Error('the alerts fan-out did not catch up with check-in');
}

async function endpoint(id: string, key: string) {
  const list = await ok(ENDPOINTS, {}, key);
  return list.viewer.webhookEndpoints.edges.map((e: any) => e.node).find((n: any) => n.id === id);
}

beforeAll(async () => {
  stack = await startTestStack({ enrollees: 80 });
  receiver = await startWebhookReceiver();
  officeReceiver = await startWebhookReceiver();
  // Each part's fixtures read where that part lives (a database per part in the four-database pass).
  const supervised = await stack.sql<Omit<Person, 'level'>>(`
    select e.a_number as "aNumber", e.id::text as "enrolleeId", e.field_office_code as office from enrollment.enrollees e
    join enrollment.enrollments n on n.enrollee_id = e.id and n.is_current and n.status = 'ACTIVE' and n.check_in_cadence = 'WEEKLY'
    order by e.a_number`);
  const levels = new Map((await stack.sql<{ id: string; level: string | null }>(`select enrollee_id::text as id, level from checkin.compliance_states`)).map((r) => [r.id, r.level]));
  // Weekly check-ins, not yet non-compliant: five weeks of empty windows make them NON_COMPLIANT.
  const candidates = supervised.map((p) => ({ ...p, level: levels.get(p.enrolleeId) ?? null })).filter((p) => p.level !== 'NON_COMPLIANT');
  const representations = await stack.sql<{ org: string; aNumber: string; representationId: string; n: number }>(`
    select r.organization_id::text as org, r.a_number as "aNumber", r.id::text as "representationId",
      (select count(*)::int from legal.representations r2 where r2.a_number = r.a_number and r2.withdrawn_at is null) as n
    from legal.representations r where r.withdrawn_at is null and r.organization_id is not null order by r.a_number`);
  const represented = representations.find((r) => r.n === 1 && candidates.some((p) => p.aNumber === r.aNumber));
  expect(represented, 'a weekly-supervised person represented by exactly one organisation').toBeDefined();
  org = represented!.org;
  client = { ...candidates.find((p) => p.aNumber === represented!.aNumber)!, representationId: represented!.representationId };
  orgClients = new Set(representations.filter((r) => r.org === org).map((r) => r.aNumber));
  officeOf = new Map((await stack.sql<{ a: string; office: string }>(`select a_number as a, field_office_code as office from enrollment.enrollees`)).map((r) => [r.a, r.office]));
  nonClient = candidates.find((p) => !orgClients.has(p.aNumber) && p.office !== client.office)!;
  expect(nonClient, "a weekly-supervised person in another field office, not the organisation's client").toBeDefined();
  partnerKey = await stack.createKey({ name: 'check-in alerts partner', kind: 'partner', organizationId: org });
}, 300_000);

afterAll(async () => {
  vi.useRealTimers();
  Object.assign(process.env, saved);
  for (const [k, v] of Object.entries(saved)) if (v === undefined) delete process.env[k];
  await stack?.close();
  await receiver?.close();
  await officeReceiver?.close();
});

describe('check-in alerts', () => {
  let missed: ReceivedWebhook[];

  it('a partner and a field office register endpoints for missed check-ins and compliance changes', async () => {
    const partner = (await ok(CREATE, { input: { url: receiver.url, eventTypes: ['CHECK_IN_MISSED', 'COMPLIANCE_CHANGED'], description: 'case management system' } }, partnerKey)).createWebhookEndpoint;
    expect(partner.endpoint).toMatchObject({ eventTypes: ['CHECK_IN_MISSED', 'COMPLIANCE_CHANGED'], status: 'ACTIVE' });
    receiver.secret = partner.secret;
    endpointId = partner.endpoint.id;
    const office = (await ok(CREATE, { input: { url: officeReceiver.url, eventTypes: ['CHECK_IN_MISSED'], fieldOfficeCode: client.office } })).createWebhookEndpoint;
    officeReceiver.secret = office.secret;
  });

  it("five weeks of empty windows: the client's missed check-ins and compliance change reach the partner, signed, about the A-number", async () => {
    const at = new Date(Date.now() + 40 * DAY);
    await evaluateComplianceAt(at);
    await fanoutCaughtUp();
    const changed = await receiver.next((w) => w.verified?.type === 'compliance.changed' && w.verified.data.aNumber === client.aNumber, 10_000);
    expect(changed.headers['webhook-id']).toMatch(/^msg_[0-9a-f]{32}$/);
    expect(changed.verified).toMatchObject({
      type: 'compliance.changed',
      timestamp: at.toISOString(),
      data: {
        eventId: expect.stringMatching(/^[0-9a-f-]{36}$/),
        eventType: 'ComplianceChanged',
        aNumber: client.aNumber,
        previous: { level: client.level },
        current: { level: 'NON_COMPLIANT', consecutiveMisses: expect.any(Number) },
        evaluatedAt: at.toISOString(),
      },
    });
    expect(changed.verified.data.current.consecutiveMisses).toBeGreaterThanOrEqual(3);
    // Weekly windows that closed between now and then: each one reported once.
    for (let i = 0; i < 100 && about(receiver, client.aNumber, 'checkin.missed').length < 5; i++) await sleep(50);
    missed = about(receiver, client.aNumber, 'checkin.missed');
    expect(missed.length).toBeGreaterThanOrEqual(5);
    expect(missed.every((w) => w.verified !== null)).toBe(true);
    const windows = missed.map((w) => w.verified.data.window);
    expect(new Set(windows.map((w) => w.dueAt)).size).toBe(missed.length);
    for (const w of windows) {
      expect(new Date(w.closesAt).getTime()).toBeGreaterThan(new Date(w.dueAt).getTime());
      expect(new Date(w.closesAt).getTime()).toBeLessThanOrEqual(at.getTime());
    }
    expect(missed[0]!.verified.data).toMatchObject({ eventType: 'CheckInMissed', aNumber: client.aNumber, eventId: expect.any(String), query: { variables: { aNumber: client.aNumber } } });
    // Identifiers and facts only: no name, contact detail, location, or the enrollee id check-in uses.
    for (const w of [changed, ...missed]) {
      expect(w.body).not.toMatch(/givenName|familyName|phone|address|latitude|longitude/i);
      expect(w.body).not.toContain(client.enrolleeId);
    }
    // The query in the payload runs through the gateway with the partner's own key.
    const fetched = await ok(changed.verified.data.query.query, changed.verified.data.query.variables, partnerKey);
    expect(fetched.enrolleeByANumber).toMatchObject({ aNumber: client.aNumber, compliance: { level: expect.any(String) } });
    await sleep(300);
    expect(about(receiver, client.aNumber, 'compliance.changed')).toHaveLength(1);
  });

  it("someone who is not the organisation's client: nothing reaches the partner", async () => {
    // The same run reported their misses too: the partner heard of its own clients only.
    expect(about(receiver, nonClient.aNumber)).toEqual([]);
    expect(receiver.received.filter((w) => !orgClients.has(w.verified?.data?.aNumber))).toEqual([]);
  });

  it('the field office hears about the people it supervises now, and only them', async () => {
    await officeReceiver.next((w) => w.verified?.type === 'checkin.missed' && w.verified.data.aNumber === client.aNumber);
    expect(officeReceiver.received.every((w) => w.verified !== null)).toBe(true);
    expect(about(officeReceiver, nonClient.aNumber)).toEqual([]);
    expect(officeReceiver.received.filter((w) => officeOf.get(w.verified.data.aNumber) !== client.office)).toEqual([]);
    // Subscribed to misses only.
    expect(officeReceiver.received.filter((w) => w.verified.type !== 'checkin.missed')).toEqual([]);
  });

  it('the compliance level staying as it was sends no compliance.changed (only the window moved)', async () => {
    const before = receiver.received.length;
    // A week later: one more miss, still NON_COMPLIANT.
    await evaluateComplianceAt(new Date(Date.now() + 47 * DAY));
    await fanoutCaughtUp();
    await receiver.next((w) => receiver.received.indexOf(w) >= before && w.verified?.type === 'checkin.missed' && w.verified.data.aNumber === client.aNumber);
    await sleep(500);
    expect(about(receiver, client.aNumber, 'compliance.changed')).toHaveLength(1);
  });

  it("a partner's check-in alert does not wait for enrollment's events: the miss names the A-number itself", async () => {
    // As if enrollment's stream had not reached the alerts subgraph yet: its copy no longer knows the person.
    const [copy] = await stack.sql<{ office: string; active: boolean }>(`select field_office_code as office, active from alerts.supervised_people where a_number = '${client.aNumber}'`);
    expect(copy).toBeDefined();
    await stack.sql(`delete from alerts.supervised_people where a_number = '${client.aNumber}'`);
    try {
      const before = receiver.received.length;
      await evaluateComplianceAt(new Date(Date.now() + 54 * DAY));
      await fanoutCaughtUp();
      const miss = await receiver.next((w) => receiver.received.indexOf(w) >= before && w.verified?.type === 'checkin.missed' && w.verified.data.aNumber === client.aNumber);
      expect(miss.body).not.toContain(client.enrolleeId);
    } finally {
      await stack.sql(`insert into alerts.supervised_people (a_number, field_office_code, active, enrollee_id) values ('${client.aNumber}', '${copy!.office}', ${copy!.active}, '${client.enrolleeId}')`);
    }
  });

  it('a delivery still pending when the representation is withdrawn is CANCELLED, not sent', async () => {
    const before = receiver.received.length;
    // The next week's misses fail at first; before they are tried again the owner pauses the endpoint.
    receiver.answers = Array(100).fill(503);
    await evaluateComplianceAt(new Date(Date.now() + 61 * DAY));
    const failed = await receiver.next((w) => receiver.received.indexOf(w) >= before && w.status === 503 && w.verified?.data?.aNumber === client.aNumber);
    await ok(`mutation($input: UpdateWebhookEndpointInput!) { updateWebhookEndpoint(input: $input) { status } }`, { input: { id: endpointId, enabled: false } }, partnerKey);
    const webhookId = failed.headers['webhook-id'];
    const deliveryOf = async () => (await endpoint(endpointId, partnerKey)).deliveries.edges.map((e: any) => e.node).find((d: any) => d.webhookId === webhookId);
    // The worker records an attempt after the receiver answered it (and after the rest of its batch).
    let pending: any;
    for (let i = 0; i < 100 && pending?.lastResponseStatus !== 503; i++) {
      if (i) await sleep(20);
      pending = await deliveryOf();
    }
    expect(pending).toMatchObject({ status: 'PENDING', attempts: 1, lastResponseStatus: 503 });
    await ok(`mutation($input: WithdrawRepresentationInput!) { withdrawRepresentation(input: $input) { id } }`, { input: { representationId: client.representationId, reason: 'Conflict of interest' } });
    for (let i = 0; i < 200 && (await stack.sql(`select 1 from alerts.partner_clients where representation_id = '${client.representationId}'`)).length; i++) await sleep(25);
    receiver.answers = [];
    await ok(`mutation($input: UpdateWebhookEndpointInput!) { updateWebhookEndpoint(input: $input) { status } }`, { input: { id: endpointId, enabled: true } }, partnerKey);
    let delivery: any;
    for (let i = 0; i < 200 && delivery?.status !== 'CANCELLED'; i++) {
      await sleep(50);
      delivery = await deliveryOf();
    }
    expect(delivery).toMatchObject({ status: 'CANCELLED', attempts: 2, lastError: expect.stringMatching(/no longer a client/) });
    await sleep(2_500);
    expect(receiver.received.filter((w) => w.headers['webhook-id'] === webhookId).map((w) => w.status)).toEqual([503]);
  });

  it('an endpoint whose every delivery failed for 24 hours is DISABLED, with the reason in viewer.webhookEndpoints', async () => {
    const failing = await startWebhookReceiver();
    try {
      failing.answers = Array(20).fill(500);
      const created = (await ok(CREATE, { input: { url: failing.url, eventTypes: ['COMPLIANCE_CHANGED'] } }, partnerKey)).createWebhookEndpoint;
      failing.secret = created.secret;
      const id = created.endpoint.id;
      await ok(`mutation { sendTestWebhook(id: "${id}") { id } }`, {}, partnerKey);
      await failing.next((w) => w.verified?.type === 'webhook.test');
      let state: any;
      for (let i = 0; i < 100 && !state?.failingSince; i++) {
        await sleep(20);
        state = await endpoint(id, partnerKey);
      }
      expect(state).toMatchObject({ status: 'ACTIVE', disabledReason: null, failingSince: expect.any(String) });
      // A day and a bit later (this process's clock: the worker's and the gateway's) the retry fails too.
      vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + 24 * HOUR + 60_000 });
      await failing.next((w) => failing.received.indexOf(w) >= 1, 8_000);
      for (let i = 0; i < 100 && state.status !== 'DISABLED'; i++) {
        await sleep(50);
        state = await endpoint(id, partnerKey);
      }
      expect(state).toMatchObject({ status: 'DISABLED', disabledAt: expect.any(String), disabledReason: expect.stringMatching(/^Every delivery failed for 24(\.\d)? hours since /) });
      expect(state.disabledReason).toMatch(/updateWebhookEndpoint/);
      vi.useRealTimers();
      // Nothing more is sent to it while disabled.
      const sent = failing.received.length;
      await sleep(2_500);
      expect(failing.received.length).toBe(sent);
      expect(failing.received.every((w) => w.verified !== null)).toBe(true);
      // Enabled again (the receiver fixed), the delivery that was still owed goes out, same webhook-id.
      failing.answers = [];
      const owed = failing.received.at(-1)!.headers['webhook-id'];
      const enabled = (await ok(`mutation { updateWebhookEndpoint(input: { id: "${id}", enabled: true }) { status disabledReason } }`, {}, partnerKey)).updateWebhookEndpoint;
      expect(enabled).toEqual({ status: 'ACTIVE', disabledReason: null });
      const resent = await failing.next((w) => failing.received.indexOf(w) >= sent && w.headers['webhook-id'] === owed && w.status === 200);
      expect(resent.verified?.type).toBe('webhook.test');
    } finally {
      vi.useRealTimers();
      await failing.close();
    }
  });
});
