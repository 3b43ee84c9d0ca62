import { describe, expect, it } from 'vitest';
import { DEVELOPMENT_CALLER, type Caller } from './caller.js';
import { cachedHopVerifier, generateHopKeys, HOP_CLOCK_SKEW_SECONDS, reusingHopSigner, signHopToken, verifyHopToken } from './hop-token.js';

const staff: Caller = { kind: 'staff', id: 'k1', scopes: new Set(['enrollees:read']), organizationId: null };
const ago = (seconds: number) => new Date(Date.now() - seconds * 1000);
const TEN_YEARS = 10 * 365 * 24 * 3600;

describe('cachedHopVerifier', () => {
  it('accepts a valid token (again from its cache) and refuses forged, expired or missing ones', async () => {
    const keys = await generateHopKeys();
    const other = await generateHopKeys();
    const verify = cachedHopVerifier(keys.publicKey, 'enrollment');
    const token = await signHopToken(keys.privateKey, staff, 'enrollment');
    expect(await verify(token)).toMatchObject({ kind: 'staff', id: 'k1' });
    expect(await verify(token)).toMatchObject({ kind: 'staff', id: 'k1' });
    // One character changed in the signature: a different string, so never a cache hit.
    const forged = token.slice(0, -2) + (token.endsWith('AA') ? 'BB' : 'AA');
    expect(await verify(forged)).toBeNull();
    expect(await verify(await signHopToken(other.privateKey, staff, 'enrollment'))).toBeNull();
    expect(await verify(await signHopToken(keys.privateKey, staff, 'enrollment', { now: ago(120) }))).toBeNull();
    expect(await verify(undefined)).toBeNull();
  });

  it('refuses a token minted for another subgraph, even one it has just verified for its own', async () => {
    const keys = await generateHopKeys();
    const checkin = cachedHopVerifier(keys.publicKey, 'checkin');
    const enrollment = cachedHopVerifier(keys.publicKey, 'enrollment');
    const token = await signHopToken(keys.privateKey, staff, 'checkin');
    expect(await checkin(token)).toMatchObject({ id: 'k1' });
    expect(await enrollment(token)).toBeNull();
  });
});

describe('verifyHopToken: bounded lifetime, whatever the token claims', () => {
  it('refuses a token claiming a ten-year life, though it is fresh and correctly signed', async () => {
    const keys = await generateHopKeys();
    const token = await signHopToken(keys.privateKey, staff, 'legal', { lifetimeSeconds: TEN_YEARS });
    expect(await verifyHopToken(keys.publicKey, token, 'legal')).toBeNull();
    // The same claims with the normal life pass: only the lifetime differs.
    expect(await verifyHopToken(keys.publicKey, await signHopToken(keys.privateKey, staff, 'legal'), 'legal')).toMatchObject({ id: 'k1' });
  });

  it('refuses a token issued two minutes ago, even when its exp still lies ahead', async () => {
    const keys = await generateHopKeys();
    const old = await signHopToken(keys.privateKey, staff, 'docket', { now: ago(120), lifetimeSeconds: 600 });
    expect(await verifyHopToken(keys.publicKey, old, 'docket')).toBeNull();
    // Judged at the moment of issue, the token's age is fine and only its long life refuses it.
    const short = await signHopToken(keys.privateKey, staff, 'docket', { now: ago(120) });
    expect(await verifyHopToken(keys.publicKey, short, 'docket', ago(110))).toMatchObject({ id: 'k1' });
    expect(await verifyHopToken(keys.publicKey, short, 'docket')).toBeNull();
  });

  it('allows a few seconds of clock skew either way, and no more', async () => {
    const keys = await generateHopKeys();
    const ahead = await signHopToken(keys.privateKey, staff, 'docket', { now: new Date(Date.now() + (HOP_CLOCK_SKEW_SECONDS - 2) * 1000) });
    expect(await verifyHopToken(keys.publicKey, ahead, 'docket')).toMatchObject({ id: 'k1' });
    const future = await signHopToken(keys.privateKey, staff, 'docket', { now: new Date(Date.now() + 60_000) });
    expect(await verifyHopToken(keys.publicKey, future, 'docket')).toBeNull();
  });
});

describe('reusingHopSigner', () => {
  it('reuses a caller’s token for one subgraph and signs a new one for another subgraph, caller or scope set', async () => {
    const keys = await generateHopKeys();
    const sign = reusingHopSigner(keys.privateKey);
    const first = await sign(staff, 'enrollment');
    expect(await sign({ ...staff }, 'enrollment')).toBe(first);
    expect(await sign(staff, 'checkin')).not.toBe(first);
    expect(await sign({ ...staff, scopes: new Set(['enrollees:read', 'personal:read']) }, 'enrollment')).not.toBe(first);
    expect(await sign(DEVELOPMENT_CALLER, 'enrollment')).not.toBe(first);
    expect(await verifyHopToken(keys.publicKey, await sign(staff, 'checkin'), 'checkin')).toMatchObject({ id: 'k1' });
    expect(await verifyHopToken(keys.publicKey, await sign(staff, 'checkin'), 'enrollment')).toBeNull();
  });
});
