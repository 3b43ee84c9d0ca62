import { describe, expect, it } from 'vitest';
import { DEVELOPMENT_CALLER, type Caller } from './context.js';
import { cachedHopVerifier, generateHopKeys, reusingHopSigner, signHopToken } from './hop-token.js';

const staff: Caller = { kind: 'staff', id: 'k1', scopes: new Set(['enrollees:read']), organizationId: null };

describe('cachedHopVerifier', () => {
  it('accepts a valid token (again from its cache) and refuses forged, expired or missing ones', async () => {
    const keys = await generateHopKeys();
    const other = await generateHopKeys();
    const verify = cachedHopVerifier(keys.publicKey);
    const token = await signHopToken(keys.privateKey, staff);
    expect(await verify(token)).toMatchObject({ kind: 'staff', id: 'k1' });
    expect(await verify(token)).toMatchObject({ kind: 'staff', id: 'k1' });
    // One character changed in the signature: a different string, so never a cache hit.
    const forged = token.slice(0, -2) + (token.endsWith('AA') ? 'BB' : 'AA');
    expect(await verify(forged)).toBeNull();
    expect(await verify(await signHopToken(other.privateKey, staff))).toBeNull();
    expect(await verify(await signHopToken(keys.privateKey, staff, new Date(Date.now() - 120_000)))).toBeNull();
    expect(await verify(undefined)).toBeNull();
  });
});

describe('reusingHopSigner', () => {
  it('reuses a caller’s token and signs a new one for a different caller or scope set', async () => {
    const keys = await generateHopKeys();
    const sign = reusingHopSigner(keys.privateKey);
    const first = await sign(staff);
    expect(await sign({ ...staff })).toBe(first);
    expect(await sign({ ...staff, scopes: new Set(['enrollees:read', 'personal:read']) })).not.toBe(first);
    expect(await sign(DEVELOPMENT_CALLER)).not.toBe(first);
  });
});
