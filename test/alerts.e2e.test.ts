// Hearing-change alerts to counsel, end to end: a partner registers an endpoint through the
// gateway, staff change the docket, and a real HTTP receiver verifies each delivery's Standard
// Webhooks signature with the `standardwebhooks` library. Retries, a restart with a delivery
// pending, a withdrawn representation, other organisations' endpoints, and refused URLs.
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSystem, type RunningSystem } from '../scripts/lib/system.js';
import { startTestStack, type GraphQLResponse, type TestStack } from './support/stack.js';
import { startWebhookReceiver, type ReceivedWebhook, type WebhookReceiver } from './support/webhook-receiver.js';

const DAY = 86_400_000;
// Set before the stack starts: the delivery worker reads its schedule when it starts.
const env = { WEBHOOKS_ALLOW_HTTP_LOOPBACK: 'true', WEBHOOK_RETRY_DELAYS_MS: '150,150,150,150,150', WEBHOOK_POLL_MS: '50' };
const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
Object.assign(process.env, env);

let stack: TestStack;
/** The running system: the stack's, until the restart test replaces it with one of its own. */
let system: RunningSystem;
let receiver: WebhookReceiver;
let partnerKey: string;
let otherPartnerKey: string;
let client: { org: string; aNumber: string; hearingId: string; representationId: string };
let nonClient: { aNumber: string; hearingId: string };
let endpointId: string;

async function gql<D = any>(query: string, variables: Record<string, unknown> = {}, key: string | null = stack.keys.staff): Promise<GraphQLResponse<D>['body']> {
  const response = await fetch(system.gatewayUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as GraphQLResponse<D>['body'];
}

async function ok(query: string, variables: Record<string, unknown>, key?: string) {
  const body = await gql(query, variables, key);
  expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
  return body.data;
}

const RESCHEDULE = `mutation($input: RescheduleHearingInput!) { rescheduleHearing(input: $input) { id status scheduledAt } }`;
let offset = 0;
/** Staff move a hearing to a new time; returns the replacement hearing's id and the commit time. */
async function reschedule(hearingId: string): Promise<{ replacement: string; committedAt: number; scheduledAt: string }> {
  const scheduledAt = new Date(Math.ceil((Date.now() + 40 * DAY) / 60_000) * 60_000 + ++offset * 3_600_000).toISOString();
  const data = await ok(RESCHEDULE, { input: { hearingId, scheduledAt, reason: 'Court closure' } });
  return { replacement: data.rescheduleHearing.id, committedAt: Date.now(), scheduledAt };
}

const deliveriesFor = (aNumber: string, type?: string) => receiver.received.filter((w) => w.verified?.data?.aNumber === aNumber && (!type || w.verified.type === type));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const ENDPOINTS = `{ viewer { webhookEndpoints(first: 10) { edges { node { id url status organizationId eventTypes
  deliveries(first: 10) { edges { node { webhookId eventType aNumber status attempts lastResponseStatus lastError nextAttemptAt deliveredAt } } } } } } } }`;

beforeAll(async () => {
  stack = await startTestStack({ enrollees: 80 });
  system = stack;
  receiver = await startWebhookReceiver();
  // A person represented by exactly one organisation (through one representation) with a future
  // scheduled hearing. Each domain is asked on its own: in the four-database pass they are apart.
  const represented = await stack.sql<{ org: string; aNumber: string; representationId: string }>(`
    select r.organization_id as org, r.a_number as "aNumber", r.id as "representationId" from legal.representations r
    where r.withdrawn_at is null and r.organization_id is not null
      and (select count(*) from legal.representations r2 where r2.a_number = r.a_number and r2.withdrawn_at is null) = 1
    order by r.a_number`);
  const hearingAhead = new Map(
    (await stack.sql<{ aNumber: string; hearingId: string }>(`
      select distinct on (a_number) a_number as "aNumber", id as "hearingId" from docket.hearings
      where status = 'SCHEDULED' and scheduled_at > now() + interval '2 days' order by a_number, id`)).map((h) => [h.aNumber, h.hearingId]),
  );
  const chosen = represented.find((r) => hearingAhead.has(r.aNumber))!;
  client = { ...chosen, hearingId: hearingAhead.get(chosen.aNumber)! };
  const organisationsClients = new Set(
    (await stack.sql<{ a: string }>(`select a_number as a from legal.representations where organization_id = '${client.org}' and withdrawn_at is null`)).map((r) => r.a),
  );
  const nonClientA = [...hearingAhead.keys()].sort().find((a) => !organisationsClients.has(a))!;
  nonClient = { aNumber: nonClientA, hearingId: hearingAhead.get(nonClientA)! };
  const [other] = await stack.sql<{ id: string }>(`select id from legal.organizations where id <> '${client.org}' order by id limit 1`);
  partnerKey = await stack.createKey({ name: 'alerts partner', kind: 'partner', organizationId: client.org });
  otherPartnerKey = await stack.createKey({ name: 'other partner', kind: 'partner', organizationId: other!.id });
});

afterAll(async () => {
  Object.assign(process.env, saved);
  for (const [k, v] of Object.entries(saved)) if (v === undefined) delete process.env[k];
  if (system !== stack) await system?.stop();
  await stack?.close();
  await receiver?.close();
});

describe('hearing-change alerts', () => {
  it('registers an endpoint for the partner, showing the secret once', async () => {
    const data = await ok(
      `mutation($input: CreateWebhookEndpointInput!) { createWebhookEndpoint(input: $input) { secret endpoint { id url status organizationId eventTypes } } }`,
      { input: { url: receiver.url, eventTypes: ['HEARING_RESCHEDULED', 'HEARING_SCHEDULED', 'REPRESENTATION_WITHDRAWN'], description: 'case management system' } },
      partnerKey,
    );
    const created = data.createWebhookEndpoint;
    expect(created.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(created.endpoint).toMatchObject({ url: receiver.url, status: 'ACTIVE', organizationId: client.org });
    receiver.secret = created.secret;
    endpointId = created.endpoint.id;
    // At rest it is sealed (delivery/secret-box.ts): the table holds nothing that could sign.
    const [stored] = await stack.sql<{ secret: string }>(`select secret from alerts.webhook_endpoints where id = '${endpointId}'`);
    expect(stored!.secret).toMatch(/^sealed:v1:/);
    expect(stored!.secret).not.toContain(created.secret.slice('whsec_'.length, 'whsec_'.length + 12));
    // Never again: the endpoint type has no secret field, and the list shows the endpoint only.
    const list = await ok(ENDPOINTS, {}, partnerKey);
    expect(list.viewer.webhookEndpoints.edges.map((e: any) => e.node.id)).toEqual([endpointId]);
  });

  it("staff reschedule a client's hearing: one signed delivery within 5 s with the old and new times at the court", async () => {
    const { replacement, committedAt, scheduledAt } = await reschedule(client.hearingId);
    const delivery = await receiver.next((w) => w.verified?.type === 'hearing.rescheduled' && w.verified.data.aNumber === client.aNumber, 5_000);
    expect(delivery.at - committedAt).toBeLessThan(5_000);
    expect(delivery.headers['webhook-id']).toMatch(/^msg_[0-9a-f]{32}$/);
    const body = delivery.verified;
    expect(body.data).toMatchObject({
      aNumber: client.aNumber,
      eventType: 'HearingRescheduled',
      previous: { hearingId: client.hearingId, status: 'ADJOURNED' },
      current: { hearingId: replacement, status: 'SCHEDULED', at: scheduledAt },
      hearing: { medium: expect.any(String), court: { code: expect.any(String), timeZone: expect.stringMatching(/\//) } },
    });
    expect(body.data.current.localDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(body.data.current.localTime).toMatch(/^\d{2}:\d{2}$/);
    expect(body.data.query.variables).toEqual({ aNumber: client.aNumber });
    // Identifiers and facts only.
    expect(delivery.body).not.toMatch(/givenName|familyName|phone|address|latitude/i);
    // The query in the payload runs through the gateway with the partner's key.
    const fetched = await ok(body.data.query.query, body.data.query.variables, partnerKey);
    expect(fetched.enrolleeByANumber.aNumber).toBe(client.aNumber);
    client.hearingId = replacement;
    await sleep(300);
    expect(deliveriesFor(client.aNumber, 'hearing.rescheduled')).toHaveLength(1);
  });

  it("the same change for someone who is not the organisation's client sends nothing", async () => {
    await reschedule(nonClient.hearingId);
    await sleep(1_500);
    expect(deliveriesFor(nonClient.aNumber)).toEqual([]);
    expect(receiver.received.every((w) => w.verified !== null)).toBe(true);
  });

  it('retries a receiver answering 500 three times: four attempts, one webhook-id, then DELIVERED', async () => {
    const before = receiver.received.length;
    receiver.answers = [500, 500, 500];
    const { replacement } = await reschedule(client.hearingId);
    client.hearingId = replacement;
    // Its owner saves the (active) endpoint with enabled: true mid-retry: no second line of attempts.
    await receiver.next((w) => receiver.received.indexOf(w) >= before && w.status === 500);
    await ok(`mutation { updateWebhookEndpoint(input: { id: "${endpointId}", enabled: true }) { status } }`, {}, partnerKey);
    const final = await receiver.next((w) => receiver.received.indexOf(w) >= before && w.status === 200, 8_000);
    const attempts = receiver.received.slice(before);
    expect(attempts.map((w) => w.status)).toEqual([500, 500, 500, 200]);
    expect(new Set(attempts.map((w) => w.headers['webhook-id'])).size).toBe(1);
    expect(attempts.every((w) => w.verified !== null)).toBe(true);
    await sleep(200);
    const list = await ok(ENDPOINTS, {}, partnerKey);
    const delivery = list.viewer.webhookEndpoints.edges[0].node.deliveries.edges.map((e: any) => e.node).find((d: any) => d.webhookId === final.headers['webhook-id']);
    expect(delivery).toMatchObject({ status: 'DELIVERED', attempts: 4, lastResponseStatus: 200, lastError: null, nextAttemptAt: null });
  });

  it('one change owed to two endpoints, sent in one batch: each attempt is recorded as its own receiver answered', async () => {
    // The worker claims, checks and records a batch of attempts together (delivery/worker.ts):
    // a failure beside a success in one batch must stay a failure, and be retried alone.
    const second = await startWebhookReceiver();
    try {
      const created = (await ok(`mutation($input: CreateWebhookEndpointInput!) { createWebhookEndpoint(input: $input) { secret endpoint { id } } }`, { input: { url: second.url, eventTypes: ['HEARING_RESCHEDULED'] } }, partnerKey)).createWebhookEndpoint;
      second.secret = created.secret;
      const before = receiver.received.length;
      second.answers = [500];
      const { replacement } = await reschedule(client.hearingId);
      client.hearingId = replacement;
      const first = await receiver.next((w) => receiver.received.indexOf(w) >= before && w.verified?.type === 'hearing.rescheduled');
      const retried = await second.next((w) => second.received.indexOf(w) >= 1 && w.status === 200, 8_000);
      expect(second.received.map((w) => w.status)).toEqual([500, 200]);
      expect(second.received[0]!.headers['webhook-id']).toBe(retried.headers['webhook-id']);
      expect(retried.headers['webhook-id']).not.toBe(first.headers['webhook-id']);
      await sleep(200);
      const nodes = (await ok(ENDPOINTS, {}, partnerKey)).viewer.webhookEndpoints.edges.map((e: any) => e.node);
      const deliveryOf = (id: string, webhookId: string) => nodes.find((n: any) => n.id === id).deliveries.edges.map((e: any) => e.node).find((d: any) => d.webhookId === webhookId);
      expect(deliveryOf(endpointId, first.headers['webhook-id'] as string)).toMatchObject({ status: 'DELIVERED', attempts: 1, lastResponseStatus: 200 });
      expect(deliveryOf(created.endpoint.id, retried.headers['webhook-id'] as string)).toMatchObject({ status: 'DELIVERED', attempts: 2, lastResponseStatus: 200, lastError: null });
      const failing = await stack.sql<{ id: string; failing: boolean }>(`select id, failing_since is not null as failing from alerts.webhook_endpoints where id in ('${endpointId}', '${created.endpoint.id}')`);
      expect(failing.map((e) => e.failing)).toEqual([false, false]);
      await ok(`mutation { deleteWebhookEndpoint(id: "${created.endpoint.id}") }`, {}, partnerKey);
    } finally {
      await second.close();
    }
  });

  it('a delivery pending when the whole system stops is delivered after it starts again, with the same webhook-id', async () => {
    const before = receiver.received.length;
    // The first attempt is answered slowly, so the system stops while it is in flight (and records its failure).
    receiver.answers = [[503, 800]];
    const { replacement } = await reschedule(client.hearingId);
    client.hearingId = replacement;
    const failed = await receiver.next((w) => receiver.received.indexOf(w) >= before && w.status === 503);
    await system.stop();
    // While nothing runs, the retry falls due; nobody sends it.
    await sleep(400);
    expect(receiver.received.filter((w) => w.headers['webhook-id'] === failed.headers['webhook-id'])).toHaveLength(1);
    // The retry waits as a pg-boss job in the alerts domain's queue schema, not in any process.
    const deliveryId = String(failed.headers['webhook-id']).replace(/^msg_/, '').replace(/^(.{8})(.{4})(.{4})(.{4})/, '$1-$2-$3-$4-');
    const jobs = await stack.sql<{ state: string }>(`select state::text from alerts_jobs.job where name = 'webhook-delivery' and data->>'deliveryId' = (select id::text from alerts.deliveries where id = '${deliveryId}') order by created_on`);
    expect(jobs.map((j) => j.state)).toEqual(['completed', 'created']);
    system = await startSystem({ databases: stack.database.databases, migrate: false, scheduledJobs: false, events: { prefix: `t${Date.now()}_` } });
    const delivered = await receiver.next((w) => receiver.received.indexOf(w) > before && w.headers['webhook-id'] === failed.headers['webhook-id'] && w.status === 200);
    expect(delivered.verified).toEqual(failed.verified);
  });

  it('another organisation sees none of these endpoints and can change none of them', async () => {
    const list = await ok(ENDPOINTS, {}, otherPartnerKey);
    expect(list.viewer.webhookEndpoints.edges).toEqual([]);
    for (const mutation of [
      `mutation { deleteWebhookEndpoint(id: "${endpointId}") }`,
      `mutation { rotateWebhookSecret(id: "${endpointId}") { secret } }`,
      `mutation { sendTestWebhook(id: "${endpointId}") { id } }`,
      `mutation { updateWebhookEndpoint(input: { id: "${endpointId}", url: "${receiver.url}?x" }) { id } }`,
    ]) {
      const body = await gql(mutation, {}, otherPartnerKey);
      expect(body.errors?.[0]?.extensions?.code, mutation).toBe('NOT_FOUND');
    }
    // A developer key holds no alerts:manage.
    expect((await gql(ENDPOINTS, {}, stack.keys.developer)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('a staff endpoint for a field office hears about the people that office supervises; only staff name an office', async () => {
    const CREATE = `mutation($input: CreateWebhookEndpointInput!) { createWebhookEndpoint(input: $input) { secret endpoint { id fieldOfficeCode organizationId } } }`;
    const [office] = await stack.sql<{ code: string }>(`select field_office_code as code from enrollment.enrollees where a_number = '${client.aNumber}'`);
    const staffReceiver = await startWebhookReceiver();
    try {
      const partnerNaming = await gql(CREATE, { input: { url: receiver.url, eventTypes: ['HEARING_RESCHEDULED'], fieldOfficeCode: office!.code } }, partnerKey);
      expect(partnerNaming.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.fieldOfficeCode' });
      const staffNotNaming = await gql(CREATE, { input: { url: staffReceiver.url, eventTypes: ['HEARING_RESCHEDULED'] } });
      expect(staffNotNaming.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.fieldOfficeCode' });
      const { createWebhookEndpoint } = await ok(CREATE, { input: { url: staffReceiver.url, eventTypes: ['HEARING_RESCHEDULED'], fieldOfficeCode: office!.code } });
      expect(createWebhookEndpoint.endpoint).toMatchObject({ fieldOfficeCode: office!.code, organizationId: null });
      staffReceiver.secret = createWebhookEndpoint.secret;
      const { replacement } = await reschedule(client.hearingId);
      client.hearingId = replacement;
      const got = await staffReceiver.next((w) => w.verified?.data?.aNumber === client.aNumber);
      expect(got.verified.type).toBe('hearing.rescheduled');
      // Staff keys list field offices' endpoints, never a partner's.
      const list = await ok(ENDPOINTS, {});
      expect(list.viewer.webhookEndpoints.edges.map((e: any) => e.node.id)).toEqual([createWebhookEndpoint.endpoint.id]);
    } finally {
      await staffReceiver.close();
    }
  });

  it('a field office hears about a person only while it supervises them: nothing once the enrollment ends', async () => {
    const CREATE = `mutation($input: CreateWebhookEndpointInput!) { createWebhookEndpoint(input: $input) { secret endpoint { id } } }`;
    // Someone supervised now, with a hearing ahead, and neither of the people the other tests use.
    const supervised = await stack.sql<{ a: string; office: string; enrollmentId: string }>(`
      select e.a_number as a, e.field_office_code as office, n.id::text as "enrollmentId" from enrollment.enrollees e
      join enrollment.enrollments n on n.enrollee_id = e.id and n.is_current and n.status = 'ACTIVE'
      where e.a_number not in ('${client.aNumber}', '${nonClient.aNumber}') order by e.a_number`);
    const hearingOf = new Map(
      (await stack.sql<{ a: string; id: string }>(`select distinct on (a_number) a_number as a, id::text as id from docket.hearings
        where status = 'SCHEDULED' and scheduled_at > now() + interval '2 days' order by a_number, id`)).map((h) => [h.a, h.id]),
    );
    const person = supervised.find((p) => hearingOf.has(p.a));
    expect(person, 'a supervised person with a hearing ahead').toBeDefined();
    const officeReceiver = await startWebhookReceiver();
    const heard = () => officeReceiver.received.filter((w) => w.verified?.data?.aNumber === person!.a).length;
    try {
      const { createWebhookEndpoint } = await ok(CREATE, { input: { url: officeReceiver.url, eventTypes: ['HEARING_RESCHEDULED'], fieldOfficeCode: person!.office } });
      officeReceiver.secret = createWebhookEndpoint.secret;
      const { replacement } = await reschedule(hearingOf.get(person!.a)!);
      await officeReceiver.next((w) => w.verified?.data?.aNumber === person!.a);
      await ok(`mutation($input: EndEnrollmentInput!) { endEnrollment(input: $input) { id } }`, { input: { enrollmentId: person!.enrollmentId, status: 'TRANSITIONED_OUT', reason: 'Released from supervision' } });
      for (let i = 0; i < 200 && (await stack.sql(`select 1 from alerts.supervised_people where a_number = '${person!.a}' and active`)).length; i++) await sleep(25);
      const before = heard();
      await reschedule(replacement);
      await sleep(1_500);
      expect(heard()).toBe(before);
    } finally {
      await officeReceiver.close();
    }
  });

  it('a withdrawn representation is announced to that organisation, and no alert about the person follows', async () => {
    await ok(`mutation($input: WithdrawRepresentationInput!) { withdrawRepresentation(input: $input) { id } }`, { input: { representationId: client.representationId, reason: 'Conflict of interest' } });
    const withdrawn = await receiver.next((w) => w.verified?.type === 'representation.withdrawn' && w.verified.data.aNumber === client.aNumber);
    expect(withdrawn.verified.data).toMatchObject({ representationId: client.representationId, query: null });
    expect(withdrawn.body).not.toContain('Conflict of interest');
    const count = deliveriesFor(client.aNumber).length;
    await reschedule(client.hearingId);
    await sleep(1_500);
    expect(deliveriesFor(client.aNumber)).toHaveLength(count);
  });

  it('a rotated secret signs at once, the old one alongside for the overlap, both sealed at rest', async () => {
    const old = receiver.secret!;
    const { rotateWebhookSecret } = await ok(`mutation { rotateWebhookSecret(id: "${endpointId}") { secret } }`, {}, partnerKey);
    expect(rotateWebhookSecret.secret).toMatch(/^whsec_/);
    expect(rotateWebhookSecret.secret).not.toBe(old);
    const [stored] = await stack.sql<{ secret: string; previous: string }>(`select secret, previous_secret as previous from alerts.webhook_endpoints where id = '${endpointId}'`);
    expect([stored!.secret, stored!.previous].every((v) => /^sealed:v1:/.test(v))).toBe(true);
    receiver.secret = rotateWebhookSecret.secret;
    const { sendTestWebhook } = await ok(`mutation { sendTestWebhook(id: "${endpointId}") { webhookId } }`, {}, partnerKey);
    const test = await receiver.next((w) => w.headers['webhook-id'] === sendTestWebhook.webhookId);
    expect(test.verified?.type).toBe('webhook.test');
    expect(String(test.headers['webhook-signature']).split(' ')).toHaveLength(2);
    // A receiver still holding the old secret verifies it too.
    expect(new Webhook(old).verify(test.body, test.headers as Record<string, string>)).toMatchObject({ type: 'webhook.test' });
  });
});

describe('outbound URLs in production mode (no loopback setting)', () => {
  it('refuses non-https, private, loopback, link-local and metadata addresses at registration', async () => {
    delete process.env.WEBHOOKS_ALLOW_HTTP_LOOPBACK;
    try {
      for (const url of [receiver.url, 'https://10.1.2.3/hook', 'https://192.168.0.10/hook', 'https://169.254.169.254/latest/meta-data', 'https://[::1]/hook', 'https://[fd00:ec2::254]/', 'https://localhost/hook', 'ftp://example.org/']) {
        const body = await gql(`mutation($input: CreateWebhookEndpointInput!) { createWebhookEndpoint(input: $input) { secret } }`, { input: { url, eventTypes: ['HEARING_SCHEDULED'] } }, partnerKey);
        expect(body.errors?.[0]?.extensions, url).toMatchObject({ code: 'WEBHOOK_URL_REFUSED', field: 'input.url' });
      }
    } finally {
      process.env.WEBHOOKS_ALLOW_HTTP_LOOPBACK = 'true';
    }
  });

  it('checks the address again at delivery time: an endpoint registered earlier is not called once the rules forbid it', async () => {
    const before = receiver.received.length;
    delete process.env.WEBHOOKS_ALLOW_HTTP_LOOPBACK;
    try {
      const { sendTestWebhook } = await ok(`mutation { sendTestWebhook(id: "${endpointId}") { webhookId } }`, {}, partnerKey);
      let delivery: any;
      for (let i = 0; i < 100 && !delivery?.lastError; i++) {
        await sleep(50);
        const list = await ok(ENDPOINTS, {}, partnerKey);
        delivery = list.viewer.webhookEndpoints.edges[0].node.deliveries.edges.map((e: any) => e.node).find((d: any) => d.webhookId === sendTestWebhook.webhookId);
      }
      expect(delivery).toMatchObject({ eventType: 'webhook.test', lastResponseStatus: null, lastError: expect.stringMatching(/refused/) });
      expect(receiver.received.length).toBe(before);
    } finally {
      process.env.WEBHOOKS_ALLOW_HTTP_LOOPBACK = 'true';
    }
  });
});
