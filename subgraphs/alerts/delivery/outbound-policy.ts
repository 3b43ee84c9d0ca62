// Where a webhook may be sent. The rules are production's everywhere unless a development setting
// loosens them for this machine only: https only; no address that is private, loopback, link-local,
// carrier-grade NAT, multicast, reserved or a cloud metadata service. The address is checked when an
// endpoint is registered and again on every connection (the socket's own DNS lookup goes through
// `guardedLookup`), so a name that later resolves somewhere internal is refused at delivery time.
// WEBHOOKS_ALLOW_HTTP_LOOPBACK=true (ignored when NODE_ENV=production) allows http and https to
// 127.0.0.0/8, ::1 and localhost, for development and tests; nothing else is loosened.
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { BlockList, isIP, type LookupFunction } from 'node:net';

export interface OutboundPolicy {
  allowLoopback: boolean;
}

export function outboundPolicy(env: NodeJS.ProcessEnv = process.env): OutboundPolicy {
  return { allowLoopback: env.NODE_ENV !== 'production' && env.WEBHOOKS_ALLOW_HTTP_LOOPBACK === 'true' };
}

const refused = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8], // "this network"
  ['10.0.0.0', 8],
  ['100.64.0.0', 10], // carrier-grade NAT
  ['169.254.0.0', 16], // link-local, cloud metadata (169.254.169.254)
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
] as const) refused.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of [
  ['::', 128],
  ['fc00::', 7], // unique local (AWS metadata fd00:ec2::254 included)
  ['fe80::', 10], // link-local
  ['ff00::', 8], // multicast
  ['2001:db8::', 32],
  ['64:ff9b::', 96], // NAT64 can reach any IPv4 address
  ['100::', 64],
] as const) refused.addSubnet(net, prefix, 'ipv6');

const loopback = new BlockList();
loopback.addSubnet('127.0.0.0', 8, 'ipv4');
loopback.addAddress('::1', 'ipv6');

/** An IPv4-mapped IPv6 address (::ffff:10.0.0.1) is judged as the IPv4 address it is. */
function normalise(address: string): { address: string; family: 'ipv4' | 'ipv6' } {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return { address: mapped[1]!, family: 'ipv4' };
  return { address, family: isIP(address) === 6 ? 'ipv6' : 'ipv4' };
}

/** Why `address` may not be connected to, or null when it may. */
export function addressRefusal(address: string, policy: OutboundPolicy): string | null {
  const { address: ip, family } = normalise(address);
  if (loopback.check(ip, family)) return policy.allowLoopback ? null : 'a loopback address';
  if (refused.check(ip, family)) return 'a private, link-local or reserved address';
  return null;
}

export class OutboundRefused extends Error {
  override name = 'OutboundRefused';
}

/** Why `url` may not be registered or called, checking its form only (not where it resolves). */
export function urlRefusal(url: URL, policy: OutboundPolicy): string | null {
  if (url.username || url.password) return 'it carries credentials';
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const isLoopbackName = host === 'localhost' || host.endsWith('.localhost');
  const literalLoopback = isIP(host) !== 0 && addressRefusal(host, { allowLoopback: true }) === null && addressRefusal(host, { allowLoopback: false }) !== null;
  if (url.protocol === 'http:') {
    if (!(policy.allowLoopback && (isLoopbackName || literalLoopback))) return 'only https URLs are accepted';
  } else if (url.protocol !== 'https:') {
    return 'only https URLs are accepted';
  }
  if (isLoopbackName && !policy.allowLoopback) return 'it names this machine';
  if (!isIP(host)) return null;
  const refusal = addressRefusal(host, policy);
  return refusal && `it is ${refusal}`;
}

function resolveAll(host: string): Promise<LookupAddress[]> {
  return new Promise((resolve, reject) => dnsLookup(host, { all: true, verbatim: true }, (error, addresses) => (error ? reject(error) : resolve(addresses))));
}

/** Checks the form of `url` and every address its host resolves to now; throws OutboundRefused. */
export async function checkDestination(url: URL, policy: OutboundPolicy): Promise<void> {
  const form = urlRefusal(url, policy);
  if (form) throw new OutboundRefused(`The URL is refused: ${form}`);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (isIP(host)) return;
  let addresses: LookupAddress[];
  try {
    addresses = await resolveAll(host);
  } catch {
    throw new OutboundRefused(`The URL is refused: its host does not resolve`);
  }
  for (const { address } of addresses) {
    const why = addressRefusal(address, policy);
    if (why) throw new OutboundRefused(`The URL is refused: its host resolves to ${why}`);
  }
}

/**
 * A `lookup` for the sockets webhooks are sent on: resolves as usual and fails the connection when
 * any address it would use is refused, so the check holds for the address actually connected to.
 */
export function guardedLookup(policy: () => OutboundPolicy): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return (callback as Function)(error);
      const list = addresses as unknown as LookupAddress[];
      const bad = list.map((a) => addressRefusal(a.address, policy())).find((why) => why);
      if (bad) return (callback as Function)(new OutboundRefused(`The destination resolves to ${bad}`));
      if ((options as { all?: boolean }).all) return (callback as Function)(null, list);
      const [first] = list;
      return (callback as Function)(null, first!.address, first!.family);
    });
  };
}
