import { describe, expect, it } from 'vitest';
import { addressRefusal, checkDestination, guardedLookup, outboundPolicy, urlRefusal } from './outbound-policy.js';
import { nextDelayMs, retrySettings } from './retry-schedule.js';

const production = { allowLoopback: false };
const development = { allowLoopback: true };

describe('outbound policy', () => {
  it('refuses private, loopback, link-local, CGNAT, metadata and mapped addresses; allows public ones', () => {
    for (const address of ['10.0.0.1', '172.16.5.4', '192.168.1.1', '127.0.0.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '::1', 'fe80::1', 'fd00:ec2::254', '::ffff:10.0.0.1', '::ffff:127.0.0.1', '64:ff9b::a00:1']) {
      expect(addressRefusal(address, production), address).not.toBeNull();
    }
    for (const address of ['93.184.215.14', '2606:4700:4700::1111', '8.8.8.8']) expect(addressRefusal(address, production), address).toBeNull();
  });

  it('the development setting lets loopback through and nothing else', () => {
    expect(addressRefusal('127.0.0.1', development)).toBeNull();
    expect(addressRefusal('::1', development)).toBeNull();
    expect(addressRefusal('10.0.0.1', development)).not.toBeNull();
    expect(urlRefusal(new URL('http://127.0.0.1:9/x'), development)).toBeNull();
    expect(urlRefusal(new URL('http://10.0.0.1/x'), development)).toMatch(/https/);
    expect(urlRefusal(new URL('http://example.org/x'), development)).toMatch(/https/);
  });

  it('in production, only https to a public host, without credentials', () => {
    expect(urlRefusal(new URL('https://example.org/hooks'), production)).toBeNull();
    expect(urlRefusal(new URL('http://example.org/hooks'), production)).toMatch(/https/);
    expect(urlRefusal(new URL('https://user:pw@example.org/'), production)).toMatch(/credentials/);
    expect(urlRefusal(new URL('https://localhost/'), production)).toMatch(/this machine/);
    expect(urlRefusal(new URL('https://[::1]/'), production)).toMatch(/loopback/);
  });

  it('ignores the development setting when NODE_ENV=production', () => {
    expect(outboundPolicy({ NODE_ENV: 'production', WEBHOOKS_ALLOW_HTTP_LOOPBACK: 'true' })).toEqual(production);
    expect(outboundPolicy({ NODE_ENV: 'development', WEBHOOKS_ALLOW_HTTP_LOOPBACK: 'true' })).toEqual(development);
  });

  it('refuses a host that does not resolve', async () => {
    await expect(checkDestination(new URL('https://hooks.example.invalid/'), production)).rejects.toThrow(/does not resolve/);
  });

  it("fails a socket's lookup that resolves to a refused address (the check at connection time)", async () => {
    const lookup = guardedLookup(() => production);
    const result = (options: object) => new Promise<unknown>((resolve) => lookup('localhost', options as never, (error: unknown, address: unknown) => resolve(error ?? address)));
    expect(String(await result({}))).toMatch(/OutboundRefused|loopback/);
    expect(String(await result({ all: true }))).toMatch(/OutboundRefused|loopback/);
    const allowed = guardedLookup(() => development);
    expect(await new Promise((resolve) => allowed('localhost', {} as never, (error: unknown, address: unknown) => resolve(error ?? address)))).toMatch(/^(127\.0\.0\.1|::1)$/);
  });
});

describe('retry schedule', () => {
  it('spans more than 24 hours with jitter within ±20 %, then stops', () => {
    const settings = retrySettings({});
    const total = settings.delaysMs.reduce((a, b) => a + b, 0);
    expect(total).toBeGreaterThan(24 * 3_600_000);
    expect(nextDelayMs(1, settings, () => 0)).toBe(4_000);
    expect(nextDelayMs(1, settings, () => 1)).toBe(6_000);
    expect(nextDelayMs(settings.delaysMs.length + 1, settings)).toBeNull();
  });
});
