// The web app in a real browser (Debian's Chromium through playwright-core) against the real gateway
// and subgraphs: signing in with each kind of key, every screen, a partner seeing only its clients,
// "not available with this key" where a key may not see a field, sign-out forgetting the key, and
// axe-core finding no serious or critical accessibility violation on any screen.
// UPDATE_SCREENSHOTS=1 also writes docs/screenshots/*.png (shown in the README).
import { mkdirSync, readFileSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NOT_AVAILABLE, STORAGE_KEY } from '../web/src/constants.js';
import { ensureWebAppBuilt, webDistDir } from '../scripts/lib/web-build.js';
import { launchChromium, type Browser } from './support/browser.js';
import { startTestStack, type TestStack } from './support/stack.js';
import { startWebhookReceiver, type WebhookReceiver } from './support/webhook-receiver.js';

const VIEWER_TIME_ZONE = 'Asia/Tokyo';
// The webhook endpoints screen lists deliveries to a receiver on this machine: set before the stack
// starts (the outbound policy and the delivery worker read them when they start).
process.env.WEBHOOKS_ALLOW_HTTP_LOOPBACK = 'true';
process.env.WEBHOOK_POLL_MS = '50';
const SCREENSHOTS = process.env.UPDATE_SCREENSHOTS === '1';

let stack: TestStack;
let browser: Browser;
let appUrl: string;
let partnerKey: string;
let partnerClients: Set<string>;
/** A client of the partner with located check-ins and a hearing ahead: every key can open them. */
let subject: { aNumber: string; scheduledAt: string; timeZone: string; checkIns: number };
let outsider: string;

type KeyKind = 'staff' | 'partner' | 'developer';
const keyOf = (kind: KeyKind) => (kind === 'partner' ? partnerKey : stack.keys[kind]);

beforeAll(async () => {
  await ensureWebAppBuilt(() => {});
  stack = await startTestStack({ enrollees: 60, system: { webApp: { dir: webDistDir, graphiql: true } } });
  appUrl = stack.gatewayUrl.replace('/graphql', '/app/');
  const [org] = await stack.sql<{ id: string }>(`
    select organization_id::text as id from legal.representations
    where withdrawn_at is null and organization_id is not null
    group by organization_id order by count(distinct a_number) desc, organization_id limit 1`);
  partnerKey = await stack.createKey({ name: 'web partner', kind: 'partner', organizationId: org!.id });
  partnerClients = new Set(
    (await stack.sql<{ a: string }>(`select distinct a_number as a from legal.representations where withdrawn_at is null and organization_id = '${org!.id}'`)).map((r) => r.a),
  );
  const located = await stack.sql<{ a: string }>(`
    select e.a_number as a from enrollment.enrollees e join checkin.check_ins c on c.enrollee_id = e.id and c.latitude is not null
    group by e.a_number order by e.a_number`);
  for (const { a } of located.filter(({ a }) => partnerClients.has(a))) {
    const { body } = await stack.gql(`query($a: ANumber!) { enrolleeByANumber(aNumber: $a) { checkIns(first: 30) { edges { node { id } } } nextHearing { scheduledAt timeZone } } }`, { a });
    const person = body.data?.enrolleeByANumber;
    if (person?.nextHearing) {
      subject = { aNumber: a, ...person.nextHearing, checkIns: person.checkIns.edges.length };
      break;
    }
  }
  if (!subject) throw new Error('seed produced no partner client with located check-ins and a hearing ahead');
  const [other] = await stack.sql<{ a: string }>(`select a_number as a from enrollment.enrollees order by a_number`).then((rows) => rows.filter(({ a }) => !partnerClients.has(a)));
  outsider = other!.a;
  browser = await launchChromium({ timezoneId: VIEWER_TIME_ZONE });
}, 240_000);
afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

/** A new tab (its own sessionStorage), signed in with `kind`'s key through the form. */
async function signIn(kind: KeyKind): Promise<Page> {
  const page = await browser.context.newPage();
  page.on('pageerror', (error) => {
    throw error;
  });
  await page.goto(appUrl);
  await page.getByLabel('API key').fill(keyOf(kind));
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Caseload', level: 1 }).waitFor();
  await page.locator('table.caseload tbody tr').first().waitFor();
  return page;
}

/** axe-core on the page as it is now: no serious or critical violation. */
async function expectAccessible(page: Page, screen: string): Promise<void> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  const bad = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(bad, `${screen} accessibility`).toEqual([]);
}

async function screenshot(page: Page, name: string): Promise<void> {
  if (!SCREENSHOTS) return;
  mkdirSync('docs/screenshots', { recursive: true });
  await page.screenshot({ path: `docs/screenshots/${name}.png`, fullPage: name !== 'graphiql' });
}

const rowsANumbers = (page: Page) => page.locator('table.caseload tbody tr .a-number').allTextContents();
const fieldValueIn = (scope: ReturnType<Page['locator']>, label: string) => scope.locator('.field', { has: scope.page().locator('dt', { hasText: label }) }).locator('dd').textContent();
const fieldValue = (page: Page, label: string) => page.locator('.field', { has: page.locator('dt', { hasText: label }) }).locator('dd').textContent();
const normalize = (text: string | null) => (text ?? '').replace(/\s+/g, ' ').trim();
const inZone = (instant: string, timeZone: string) => normalize(new Intl.DateTimeFormat('en-US', { dateStyle: 'full', timeStyle: 'short', timeZone }).format(new Date(instant)));

async function openPerson(page: Page, aNumber: string): Promise<void> {
  await page.getByLabel('A-number').fill(aNumber);
  await page.getByRole('button', { name: 'Open' }).click();
  await page.locator('#person-name, #person-missing').first().waitFor();
}

/** Opens a screen through the main navigation. */
async function openScreen(page: Page, nav: string, heading: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: nav }).click();
  await page.getByRole('heading', { name: heading, level: 1 }).waitFor();
}

const worklistRows = (page: Page) => page.locator('table.worklist tbody tr .a-number').allTextContents();
const worklistCount = (page: Page) => page.getByTestId('worklist-count');
async function worklistApi(variables: Record<string, unknown>, key = stack.keys.staff): Promise<{ totalCount: number; aNumbers: string[] }> {
  const { body } = await stack.gql(
    `query($filter: WorklistFilter, $orderBy: WorklistOrder) { worklist(first: 25, filter: $filter, orderBy: $orderBy) { totalCount edges { node { enrollee { aNumber } } } } }`,
    variables,
    key,
  );
  expect(body.errors).toBeUndefined();
  return { totalCount: body.data.worklist.totalCount, aNumbers: body.data.worklist.edges.map((e: any) => e.node.enrollee.aNumber) };
}
const people = (n: number) => `${n} ${n === 1 ? 'person' : 'people'}`;

describe('the web app', () => {
  it('signs in on a page that holds no key, and keeps the key out of URLs and persistent storage', async () => {
    const html = await (await fetch(appUrl)).text();
    expect(html).not.toContain('sgk_');
    const page = await browser.context.newPage();
    const urls: string[] = [];
    page.on('request', (request) => urls.push(request.url()));
    await page.goto(appUrl);
    await expectAccessible(page, 'sign-in');
    await screenshot(page, 'sign-in');
    await page.getByLabel('API key').fill('sgk_not_a_real_key');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').filter({ hasText: 'did not accept this key' }).waitFor();
    await page.getByLabel('API key').fill(stack.keys.staff);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.locator('table.caseload tbody tr').first().waitFor();
    expect(await page.evaluate(`sessionStorage.getItem(${JSON.stringify(STORAGE_KEY)})`)).toBe(stack.keys.staff);
    expect(await page.evaluate('JSON.stringify(localStorage)')).not.toContain('sgk_');
    expect(urls.filter((url) => url.includes('sgk_'))).toEqual([]);
    await page.close();
  });

  it('staff: the caseload filters and pages, and the person screen shows everything, map included', async () => {
    const page = await signIn('staff');
    const total = (await stack.gql(`{ enrollees(first: 1) { totalCount } }`, {}, stack.keys.staff)).body.data.enrollees.totalCount;
    expect(normalize(await page.getByTestId('caseload-count').textContent())).toBe(`${total} people, showing 25`);
    await expectAccessible(page, 'caseload');
    await screenshot(page, 'caseload');
    // Paging: the next 25 are appended, no duplicates.
    await page.getByRole('button', { name: 'Show 25 more' }).click();
    await page.getByTestId('caseload-count').filter({ hasText: `showing ${Math.min(50, total)}` }).waitFor();
    expect(new Set(await rowsANumbers(page)).size).toBe(Math.min(50, total));
    // A filter: the count is the API's count for the same filter.
    const gps = (await stack.gql(`{ enrollees(first: 1, filter: { technology: GPS_ANKLE_MONITOR }) { totalCount } }`, {}, stack.keys.staff)).body.data.enrollees.totalCount;
    await page.getByLabel('Technology').selectOption('GPS_ANKLE_MONITOR');
    await page.getByTestId('caseload-count').filter({ hasText: `${gps} ${gps === 1 ? 'person' : 'people'},` }).waitFor();

    await openPerson(page, subject.aNumber);
    await page.getByTestId('check-in-timeline').waitFor();
    expect(await page.locator('[data-testid=check-in-timeline] g[data-outcome]').count()).toBe(subject.checkIns);
    expect(normalize(await page.getByTestId('hearing-court-time').textContent())).toBe(inZone(subject.scheduledAt, subject.timeZone));
    expect(normalize(await page.getByTestId('hearing-viewer-time').textContent())).toBe(inZone(subject.scheduledAt, VIEWER_TIME_ZONE));
    expect(await fieldValue(page, 'Date of birth')).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(await page.getByTestId('location-map').locator('circle').count()).toBeGreaterThan(0);
    expect(await page.locator('.card').filter({ hasText: 'Counsel' }).textContent()).not.toContain(NOT_AVAILABLE);
    expect(await page.locator(`text=${NOT_AVAILABLE}`).count()).toBe(0);
    await expectAccessible(page, 'person (staff)');
    await screenshot(page, 'person-staff');
    await page.close();
  });

  it('partner: only its own clients, anyone else is not found, and no location map', async () => {
    const page = await signIn('partner');
    while (await page.getByRole('button', { name: /Show \d+ more/ }).isVisible()) {
      const before = (await rowsANumbers(page)).length;
      await page.getByRole('button', { name: /Show \d+ more/ }).click();
      await page.waitForFunction(`document.querySelectorAll('table.caseload tbody tr').length > ${before}`);
    }
    const shown = await rowsANumbers(page);
    expect(shown.length).toBeGreaterThan(0);
    expect(shown.filter((a) => !partnerClients.has(a))).toEqual([]);
    await expectAccessible(page, 'caseload (partner)');
    await screenshot(page, 'caseload-partner');

    await openPerson(page, subject.aNumber);
    await page.getByTestId('check-in-timeline').waitFor();
    expect(normalize(await page.locator('.card').filter({ has: page.getByRole('heading', { name: 'Check-in locations' }) }).locator('.not-available').textContent())).toBe(NOT_AVAILABLE);
    expect(await page.getByTestId('location-map').count()).toBe(0);
    expect(await fieldValue(page, 'Date of birth')).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    await expectAccessible(page, 'person (partner)');
    await screenshot(page, 'person-partner');

    await page.getByRole('link', { name: 'Caseload' }).first().click();
    await openPerson(page, outsider);
    await page.getByRole('heading', { name: 'No person found' }).waitFor();
    await page.close();
  });

  it('developer: personal fields read "not available with this key", never an error page', async () => {
    const page = await signIn('developer');
    expect(normalize(await page.locator('table.caseload tbody tr').first().textContent())).toContain(`Name ${NOT_AVAILABLE}`);
    await expectAccessible(page, 'caseload (developer)');
    await openPerson(page, subject.aNumber);
    await page.getByTestId('check-in-timeline').waitFor();
    for (const label of ['Date of birth', 'Phone', 'Address']) expect(normalize(await fieldValue(page, label)), label).toBe(NOT_AVAILABLE);
    expect(normalize(await page.locator('#person-name').textContent())).toContain(`Name ${NOT_AVAILABLE}`);
    expect(await page.getByTestId('location-map').count()).toBe(0);
    // The rest of the person is there: name, status, hearing, counsel.
    expect(normalize(await page.locator('#person-name').textContent())).toContain(subject.aNumber);
    expect(normalize(await page.getByTestId('hearing-court-time').textContent())).toBe(inZone(subject.scheduledAt, subject.timeZone));
    expect(await page.locator('.notice').count()).toBe(0);
    await expectAccessible(page, 'person (developer)');
    await screenshot(page, 'person-developer');
    await page.close();
  });

  it('GraphiQL is bundled (no CDN) and opens with the headline operation, running with the signed-in key', async () => {
    const page = await signIn('developer');
    const external: string[] = [];
    page.on('request', (request) => {
      if (!request.url().startsWith(stack.gatewayUrl.replace('/graphql', '')) && !request.url().startsWith('data:') && !request.url().startsWith('blob:')) external.push(request.url());
    });
    await page.getByRole('link', { name: 'GraphiQL' }).click();
    await page.locator('.graphiql-container').waitFor();
    await page.locator('.graphiql-query-editor .view-lines', { hasText: 'query PersonOverview' }).waitFor();
    await page.locator('.graphiql-execute-button').click();
    await page.locator('.graphiql-response', { hasText: '"enrolleeByANumber"' }).waitFor();
    // The developer key answers the headline, names and other personal fields aside (FORBIDDEN at their paths).
    const response = normalize(await page.locator('.graphiql-response').textContent());
    expect(response).toMatch(/"aNumber": "A\d{9}"/);
    expect(response).not.toMatch(/UNAUTHENTICATED|BAD_USER_INPUT|INTERNAL_SERVER_ERROR/);
    expect(external).toEqual([]);
    await expectAccessible(page, 'graphiql');
    await screenshot(page, 'graphiql');
    await page.close();
  });

  it('sign-out forgets the key: the tab is back at sign-in, also after a reload', async () => {
    const page = await signIn('staff');
    expect(await page.evaluate(`sessionStorage.getItem(${JSON.stringify(STORAGE_KEY)})`)).toBe(stack.keys.staff);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('API key').waitFor();
    expect(await page.evaluate('sessionStorage.length')).toBe(0);
    await page.reload();
    await page.getByLabel('API key').waitFor();
    expect(await page.locator('table.caseload').count()).toBe(0);
    await page.close();
  });
});

describe('the worklist screen', () => {
  it('staff: most urgent first, each level in words with its reasons, filters, order and paging as the API, and a link to the person', async () => {
    const page = await signIn('staff');
    await openScreen(page, 'Worklist', 'Worklist');
    const all = await worklistApi({});
    expect(all.totalCount).toBeGreaterThan(25);
    await worklistCount(page).filter({ hasText: `${people(all.totalCount)}, showing 25` }).waitFor();
    expect(await worklistRows(page)).toEqual(all.aNumbers);
    // The level is words (the colour only repeats it) and every row says why.
    const badges = await page.locator('table.worklist tbody tr .badge').allTextContents();
    expect(badges.length).toBe(25);
    for (const text of badges) expect(['On track', 'Needs attention', 'Urgent', 'Not supervised']).toContain(text);
    expect(await page.locator('table.worklist tbody tr').first().locator('.reason').count()).toBeGreaterThan(0);
    await expectAccessible(page, 'worklist (staff)');
    await screenshot(page, 'worklist');

    // Paging: the next 25 appended in the API's order, no duplicates.
    await page.getByRole('button', { name: 'Show 25 more' }).click();
    await worklistCount(page).filter({ hasText: `showing ${Math.min(50, all.totalCount)}` }).waitFor();
    const paged = await worklistRows(page);
    expect(new Set(paged).size).toBe(Math.min(50, all.totalCount));
    expect(paged.slice(0, 25)).toEqual(all.aNumbers);

    // Levels: only the ones ticked, counted as the API counts them.
    const levels = ['URGENT', 'NEEDS_ATTENTION'];
    const attention = await worklistApi({ filter: { levels } });
    expect(attention.totalCount).toBeGreaterThan(0);
    expect(attention.totalCount).toBeLessThan(all.totalCount);
    await page.getByRole('checkbox', { name: 'Urgent' }).check();
    await page.getByRole('checkbox', { name: 'Needs attention' }).check();
    await worklistCount(page).filter({ hasText: `${people(attention.totalCount)},` }).waitFor();
    expect(await worklistRows(page)).toEqual(attention.aNumbers);
    for (const text of await page.locator('table.worklist tbody tr .badge').allTextContents()) expect(['Needs attention', 'Urgent']).toContain(text);

    // Order and one more filter on top: the API's rows for the same arguments, in its order.
    await page.getByLabel('Order').selectOption('FAMILY_NAME');
    await page.getByLabel('Counsel').selectOption('false');
    const unrepresented = await worklistApi({ filter: { levels, represented: false }, orderBy: 'FAMILY_NAME' });
    await worklistCount(page).filter({ hasText: `${people(unrepresented.totalCount)},` }).waitFor();
    await page.waitForFunction(`document.querySelectorAll('table.worklist tbody tr').length === ${Math.min(25, unrepresented.totalCount)}`);
    expect(await worklistRows(page)).toEqual(unrepresented.aNumbers);
    for (const text of await page.locator('table.worklist tbody tr td:last-child').allTextContents()) expect(text).toBe('None');
    const byHearing = await worklistApi({ filter: { levels, represented: false, hearingWithinDays: 30 }, orderBy: 'FAMILY_NAME' });
    await page.getByLabel('Next hearing').selectOption('30');
    await worklistCount(page).filter({ hasText: new RegExp(`^${people(byHearing.totalCount)},`) }).waitFor();
    expect(await worklistRows(page)).toEqual(byHearing.aNumbers);

    // The name is a link to the person screen.
    await page.getByLabel('Next hearing').selectOption('');
    await worklistCount(page).filter({ hasText: new RegExp(`^${people(unrepresented.totalCount)},`) }).waitFor();
    const first = unrepresented.aNumbers[0]!;
    await page.locator('table.worklist tbody tr').first().getByRole('link').click();
    await page.locator('#person-name').filter({ hasText: first }).waitFor();
    await page.close();
  });

  it('partner: only its own clients, to the last page', async () => {
    const page = await signIn('partner');
    await openScreen(page, 'Worklist', 'Worklist');
    const api = await worklistApi({}, partnerKey);
    await worklistCount(page).filter({ hasText: `${people(api.totalCount)},` }).waitFor();
    while (await page.getByRole('button', { name: /Show \d+ more/ }).isVisible()) {
      const before = (await worklistRows(page)).length;
      await page.getByRole('button', { name: /Show \d+ more/ }).click();
      await page.waitForFunction(`document.querySelectorAll('table.worklist tbody tr').length > ${before}`);
    }
    const shown = await worklistRows(page);
    expect(shown.length).toBe(api.totalCount);
    expect(shown.filter((a) => !partnerClients.has(a))).toEqual([]);
    expect(await page.locator(`text=${NOT_AVAILABLE}`).count()).toBe(0);
    await expectAccessible(page, 'worklist (partner)');
    await page.close();
  });

  it('developer: names read "not available with this key", levels and reasons are there', async () => {
    const page = await signIn('developer');
    await openScreen(page, 'Worklist', 'Worklist');
    await page.locator('table.worklist tbody tr').first().waitFor();
    const row = normalize(await page.locator('table.worklist tbody tr').first().textContent());
    expect(row).toContain(`Name ${NOT_AVAILABLE}`);
    expect(row).toMatch(/On track|Needs attention|Urgent|Not supervised/);
    expect(await page.locator('.notice').count()).toBe(0);
    await expectAccessible(page, 'worklist (developer)');
    await page.close();
  });
});

const HEARINGS = `query($first: Int!, $withinDays: Int, $fieldOffice: String) { upcomingHearings(first: $first, withinDays: $withinDays, fieldOffice: $fieldOffice) {
  totalCount edges { node { id scheduledAt timeZone respondent { aNumber } } } } }`;
async function hearingsApi(variables: Record<string, unknown>, key: string) {
  const { body } = await stack.gql(HEARINGS, { first: 25, ...variables }, key);
  expect(body.errors).toBeUndefined();
  return body.data.upcomingHearings as { totalCount: number; edges: { node: { id: string; scheduledAt: string; timeZone: string; respondent: { aNumber: string } | null } }[] };
}
const hearingsCount = (page: Page) => page.getByTestId('hearings-count');
const hearingRows = (page: Page) => page.locator('table.hearings tbody tr');
const hearings = (n: number) => `${n} ${n === 1 ? 'hearing' : 'hearings'}`;

describe('the hearings calendar', () => {
  it("partner: its clients' hearings only, in the court's time and the viewer's, over the days chosen", async () => {
    const page = await signIn('partner');
    await openScreen(page, 'Hearings', 'Hearings');
    const api = await hearingsApi({ withinDays: 30 }, partnerKey);
    expect(api.totalCount).toBeGreaterThan(0);
    await hearingsCount(page).filter({ hasText: `${hearings(api.totalCount)}, showing ${Math.min(25, api.totalCount)}` }).waitFor();
    const shown = await hearingRows(page).locator('.a-number').allTextContents();
    expect(shown).toEqual(api.edges.map((e) => e.node.respondent!.aNumber));
    expect(shown.filter((a) => !partnerClients.has(a))).toEqual([]);
    const first = api.edges[0]!.node;
    expect(normalize(await hearingRows(page).first().locator('.court-time').textContent())).toBe(inZone(first.scheduledAt, first.timeZone));
    expect(normalize(await hearingRows(page).first().locator('.viewer-time').textContent())).toBe(inZone(first.scheduledAt, VIEWER_TIME_ZONE));
    await expectAccessible(page, 'hearings (partner)');
    await screenshot(page, 'hearings-partner');
    const year = await hearingsApi({ withinDays: 366 }, partnerKey);
    expect(year.totalCount).toBeGreaterThan(api.totalCount);
    await page.getByLabel('Coming').selectOption('366');
    await hearingsCount(page).filter({ hasText: `${hearings(year.totalCount)},` }).waitFor();
    // The person links to the person screen.
    await hearingRows(page).first().getByRole('link').click();
    await page.locator('#person-name').filter({ hasText: year.edges[0]!.node.respondent!.aNumber }).waitFor();
    await page.close();
  });

  it("staff: everyone's, then one field office's, paged", async () => {
    const page = await signIn('staff');
    await openScreen(page, 'Hearings', 'Hearings');
    const all = await hearingsApi({ withinDays: 30 }, stack.keys.staff);
    await hearingsCount(page).filter({ hasText: `${hearings(all.totalCount)}, showing ${Math.min(25, all.totalCount)}` }).waitFor();
    if (all.totalCount > 25) {
      await page.getByRole('button', { name: 'Show 25 more' }).click();
      await hearingsCount(page).filter({ hasText: `showing ${Math.min(50, all.totalCount)}` }).waitFor();
      expect(new Set(await hearingRows(page).evaluateAll((rows) => rows.map((r) => r.getAttribute('data-hearing-id')))).size).toBe(Math.min(50, all.totalCount));
    }
    const [office] = await stack.sql<{ code: string }>(`select field_office_code as code from enrollment.enrollees group by 1 order by count(*) desc limit 1`);
    const one = await hearingsApi({ withinDays: 30, fieldOffice: office!.code }, stack.keys.staff);
    expect(one.totalCount).toBeLessThan(all.totalCount);
    await page.getByLabel('Field office').selectOption(office!.code);
    await hearingsCount(page).filter({ hasText: new RegExp(`^${hearings(one.totalCount)},`) }).waitFor();
    expect(await page.locator(`text=${NOT_AVAILABLE}`).count()).toBe(0);
    await expectAccessible(page, 'hearings (staff)');
    await page.close();
  });

  it('developer: hearings and A-numbers, names "not available with this key"', async () => {
    const page = await signIn('developer');
    await openScreen(page, 'Hearings', 'Hearings');
    await hearingRows(page).first().waitFor();
    expect(normalize(await hearingRows(page).first().textContent())).toContain(`Name ${NOT_AVAILABLE}`);
    expect(await page.locator('.notice').count()).toBe(0);
    await expectAccessible(page, 'hearings (developer)');
    await page.close();
  });
});

describe('the webhook endpoints screen', () => {
  let receiver: WebhookReceiver;
  let staffOffice: string;
  beforeAll(async () => {
    receiver = await startWebhookReceiver();
    const create = `mutation($input: CreateWebhookEndpointInput!) { createWebhookEndpoint(input: $input) { endpoint { id } secret } }`;
    const partner = await stack.gql(create, { input: { url: `${receiver.url}/partner`, eventTypes: ['HEARING_RESCHEDULED', 'HEARING_CANCELLED'], description: 'Our case system' } }, partnerKey);
    expect(partner.body.errors).toBeUndefined();
    receiver.secret = partner.body.data.createWebhookEndpoint.secret;
    [{ code: staffOffice }] = (await stack.sql<{ code: string }>(`select field_office_code as code from enrollment.enrollees order by 1 limit 1`)) as [{ code: string }];
    const staff = await stack.gql(create, { input: { url: `${receiver.url}/office`, eventTypes: ['ENROLLMENT_ENDED'], fieldOfficeCode: staffOffice } }, stack.keys.staff);
    expect(staff.body.errors).toBeUndefined();
    const id = partner.body.data.createWebhookEndpoint.endpoint.id;
    const sent = await stack.gql(`mutation($id: UUID!) { sendTestWebhook(id: $id) { id } }`, { id }, partnerKey);
    expect(sent.body.errors).toBeUndefined();
    await receiver.next((w) => w.verified?.type === 'webhook.test', 10_000);
    // Until the worker has recorded the answer.
    for (let i = 0; i < 100; i++) {
      const { body } = await stack.gql(`{ viewer { webhookEndpoints { edges { node { deliveries { edges { node { status } } } } } } } }`, {}, partnerKey);
      if (body.data.viewer.webhookEndpoints.edges[0]?.node.deliveries.edges[0]?.node.status === 'DELIVERED') break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  });
  afterAll(() => receiver?.close());

  it("partner: its organisation's endpoint and its recent deliveries, not the field office's", async () => {
    const page = await signIn('partner');
    await openScreen(page, 'Webhooks', 'Webhook endpoints');
    const card = page.locator('.endpoint', { hasText: `${receiver.url}/partner` });
    await card.waitFor();
    expect(await page.locator('.endpoint').count()).toBe(1);
    expect(normalize(await fieldValueIn(card, 'Alerts'))).toBe('Hearing rescheduled, Hearing cancelled');
    expect(normalize(await fieldValueIn(card, 'Status'))).toBe('Active');
    const delivery = normalize(await card.locator('table.deliveries tbody tr').first().textContent());
    expect(delivery).toContain('webhook.test');
    expect(delivery).toContain('Delivered');
    expect(delivery).toContain('HTTP 200');
    await expectAccessible(page, 'webhooks (partner)');
    await screenshot(page, 'webhooks-partner');
    await page.close();
  });

  it("staff: the field offices' endpoints", async () => {
    const page = await signIn('staff');
    await openScreen(page, 'Webhooks', 'Webhook endpoints');
    const card = page.locator('.endpoint', { hasText: `${receiver.url}/office` });
    await card.waitFor();
    expect(normalize(await fieldValueIn(card, 'Hears about'))).toBe(`Field office ${staffOffice}`);
    expect(await page.locator('.endpoint', { hasText: `${receiver.url}/partner` }).count()).toBe(0);
    expect(normalize(await card.textContent())).toContain('None yet.');
    await expectAccessible(page, 'webhooks (staff)');
    await page.close();
  });

  it('developer (no alerts:manage): "not available with this key", never an error page', async () => {
    const page = await signIn('developer');
    await openScreen(page, 'Webhooks', 'Webhook endpoints');
    await page.getByTestId('webhooks-denied').waitFor();
    expect(normalize(await page.getByTestId('webhooks-denied').textContent())).toContain(NOT_AVAILABLE);
    expect(await page.locator('.notice').count()).toBe(0);
    await expectAccessible(page, 'webhooks (developer)');
    await page.close();
  });
});

const OUTCOMES = `query($groupBy: [OutcomeDimension!]!) { supervisionOutcomes(groupBy: $groupBy) { rows { represented supervision
  appearanceRate { rate suppressed } attendanceRate { rate suppressed } absconderRate { rate suppressed } cost { atdCost suppressed } } } }`;
/** What each cell of a table must read: "suppressed", or the rate to one decimal. */
async function outcomeCells(groupBy: string[]): Promise<string[][]> {
  const { body } = await stack.gql(OUTCOMES, { groupBy }, stack.keys.developer);
  expect(body.errors).toBeUndefined();
  const cell = (r: { rate: number | null; suppressed: boolean }) => (r.suppressed ? 'suppressed' : r.rate == null ? 'no cases' : `${(r.rate * 100).toFixed(1)}%`);
  return body.data.supervisionOutcomes.rows.map((row: any) => [cell(row.appearanceRate), cell(row.attendanceRate), cell(row.absconderRate)]);
}
async function shownCells(page: Page, testId: string): Promise<string[][]> {
  return page.getByTestId(testId).locator('tbody tr').evaluateAll((rows) =>
    rows.map((row) => [...row.querySelectorAll('td')].map((td) => td.querySelector('.suppressed, .none, .rate-value')?.textContent ?? '')),
  );
}

describe('the "Does it work?" screen', () => {
  it('staff: the outcome tables as the API gives them, suppressed cells in words, and the CSV downloaded with the key in a header only', async () => {
    const page = await signIn('staff');
    const urls: string[] = [];
    page.on('request', (request) => urls.push(request.url()));
    await openScreen(page, 'Does it work?', 'Does it work?');
    await page.getByTestId('outcomes-as-of').waitFor();
    const tables = [['outcomes-overall', []], ['outcomes-representation', ['REPRESENTATION']], ['outcomes-supervision', ['SUPERVISION']]] as const;
    let suppressed = 0;
    for (const [testId, groupBy] of tables) {
      const want = await outcomeCells([...groupBy]);
      expect(want.length, testId).toBeGreaterThan(0);
      expect(await shownCells(page, testId), testId).toEqual(want);
      suppressed += want.flat().filter((c) => c === 'suppressed').length;
    }
    expect(await page.locator('table.outcomes .suppressed').count()).toBe(suppressed);
    expect(normalize(await page.getByTestId('outcomes-representation').locator('tbody th').allTextContents().then((t) => t.join('|')))).toMatch(/Represented|Not represented/);
    const cost = normalize(await page.getByTestId('cost').textContent());
    expect(cost).toMatch(/ATD supervision, those days.*\$[\d,]+/);
    await expectAccessible(page, 'outcomes (staff)');
    await screenshot(page, 'outcomes');

    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Download CSV' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toBe('supervision-outcomes.csv');
    const csv = readFileSync((await file.path())!, 'utf8');
    const direct = await fetch(stack.gatewayUrl.replace(/\/graphql$/, '/exports/supervision-outcomes.csv?groupBy=REPRESENTATION%2CSUPERVISION'), { headers: { authorization: `Bearer ${stack.keys.staff}` } });
    expect(direct.status).toBe(200);
    expect(csv.split('\r\n')[0]).toMatch(/^represented,supervision,appearance_numerator/);
    const withoutAsOf = (text: string) => text.split('\r\n').map((line) => line.replace(/,[^,]*,[^,]*$/, ''));
    expect(withoutAsOf(csv)).toEqual(withoutAsOf(await direct.text()));
    await page.getByTestId('download-status').filter({ hasText: 'CSV downloaded.' }).waitFor();
    expect(urls.filter((url) => url.includes('sgk_'))).toEqual([]);
    expect(urls.some((url) => url.includes('/exports/supervision-outcomes.csv'))).toBe(true);
    await page.close();
  });

  it('partner and developer: the same aggregate table', async () => {
    for (const kind of ['partner', 'developer'] as const) {
      const page = await signIn(kind);
      await openScreen(page, 'Does it work?', 'Does it work?');
      await page.getByTestId('outcomes-as-of').waitFor();
      expect(await shownCells(page, 'outcomes-supervision'), kind).toEqual(await outcomeCells(['SUPERVISION']));
      expect(await page.locator(`text=${NOT_AVAILABLE}`).count()).toBe(0);
      expect(await page.locator('.notice').count()).toBe(0);
      await expectAccessible(page, `outcomes (${kind})`);
      await page.close();
    }
  });
});
