// The signed hop: the gateway tells a subgraph who is calling with a short-lived JWT (EdDSA), and a
// subgraph believes nothing else. Asymmetric on purpose: subgraphs hold only the public key, so a
// compromised subgraph cannot mint identities. jose is the maintained, dependency-free JOSE library.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { exportPKCS8, exportSPKI, generateKeyPair, importPKCS8, importSPKI, jwtVerify, SignJWT, type CryptoKey } from 'jose';
import { SCOPES, type Caller, type CallerKind, type Scope } from './caller.js';

const ALGORITHM = 'EdDSA';
const ISSUER = 'supervision-gateway';
/**
 * Long enough for one request's whole plan, short enough that a leaked token is soon useless. The
 * verifier enforces it whatever the token's own `exp` says (a token is refused once its `iat` is
 * older than this, and when it claims a longer life), so a stolen signing path cannot mint a
 * long-lived pass.
 */
export const HOP_TOKEN_TTL_SECONDS = 60;
/** How far the gateway's and a subgraph's clocks may disagree. */
export const HOP_CLOCK_SKEW_SECONDS = 5;

/**
 * The audience a token for `subgraph` names. One per subgraph: a token captured at (or leaked by)
 * one subgraph cannot be replayed to another.
 */
export const hopAudience = (subgraph: string) => `supervision-subgraph:${subgraph}`;
/** The header the gateway puts the token in. */
export const HOP_HEADER = 'x-supervision-identity';

export interface HopKeys {
  privateKey: CryptoKey;
  publicKey: CryptoKey;
}

export async function generateHopKeys(): Promise<HopKeys> {
  return generateKeyPair(ALGORITHM, { crv: 'Ed25519', extractable: true }) as Promise<HopKeys>;
}

export interface SignOptions {
  /** When the token is issued (default now). */
  now?: Date;
  /** Its claimed life (default HOP_TOKEN_TTL_SECONDS); tests mint longer ones to see them refused. */
  lifetimeSeconds?: number;
}

/** A token presenting `caller` to `subgraph` only. */
export async function signHopToken(privateKey: CryptoKey, caller: Caller, subgraph: string, options: SignOptions = {}): Promise<string> {
  const issuedAt = Math.floor((options.now ?? new Date()).getTime() / 1000);
  return new SignJWT({ kind: caller.kind, scopes: [...caller.scopes], org: caller.organizationId })
    .setProtectedHeader({ alg: ALGORITHM })
    .setSubject(caller.id)
    .setIssuer(ISSUER)
    .setAudience(hopAudience(subgraph))
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + (options.lifetimeSeconds ?? HOP_TOKEN_TTL_SECONDS))
    .sign(privateKey);
}

const KINDS: readonly CallerKind[] = ['staff', 'partner', 'developer'];

/**
 * The caller a valid token for `subgraph` names, or null for a missing, expired, forged or malformed
 * token, one minted for another subgraph, one issued more than HOP_TOKEN_TTL_SECONDS ago (or in the
 * future), and one claiming a longer life than that.
 */
export async function verifyHopToken(publicKey: CryptoKey, token: string | undefined, subgraph: string, now = new Date()): Promise<Caller | null> {
  if (!token) return null;
  try {
    const { payload } = await jwtVerify(token, publicKey, {
      algorithms: [ALGORITHM],
      issuer: ISSUER,
      audience: hopAudience(subgraph),
      requiredClaims: ['exp', 'iat', 'sub'],
      // jose refuses an `iat` older than this, or later than now (both within the skew).
      maxTokenAge: HOP_TOKEN_TTL_SECONDS,
      clockTolerance: HOP_CLOCK_SKEW_SECONDS,
      currentDate: now,
    });
    if (payload.exp! - payload.iat! > HOP_TOKEN_TTL_SECONDS) return null;
    const kind = payload.kind as CallerKind;
    const scopes = payload.scopes;
    const org = payload.org ?? null;
    if (!KINDS.includes(kind) || !Array.isArray(scopes) || (org !== null && typeof org !== 'string')) return null;
    return {
      kind,
      id: payload.sub!,
      scopes: new Set(scopes.filter((s): s is Scope => (SCOPES as readonly string[]).includes(s))),
      organizationId: org,
    };
  } catch {
    return null;
  }
}

/**
 * Keys from configuration: HOP_PRIVATE_KEY (gateway) and HOP_PUBLIC_KEY (subgraphs), PEM. Outside
 * production, missing keys are generated once into `dir` so separately started processes agree.
 */
export async function hopKeysFromEnv(env = process.env, dir = '.data/hop-keys'): Promise<{ privateKey?: CryptoKey; publicKey: CryptoKey }> {
  if (env.HOP_PUBLIC_KEY) {
    return {
      publicKey: await importSPKI(env.HOP_PUBLIC_KEY, ALGORITHM),
      privateKey: env.HOP_PRIVATE_KEY ? await importPKCS8(env.HOP_PRIVATE_KEY, ALGORITHM) : undefined,
    };
  }
  if (env.NODE_ENV === 'production') throw new Error('HOP_PUBLIC_KEY (and HOP_PRIVATE_KEY on the gateway) must be configured in production');
  const privatePath = `${dir}/private.pem`;
  const publicPath = `${dir}/public.pem`;
  if (!existsSync(privatePath)) {
    const keys = await generateHopKeys();
    mkdirSync(dirname(privatePath), { recursive: true });
    writeFileSync(privatePath, await exportPKCS8(keys.privateKey), { mode: 0o600 });
    writeFileSync(publicPath, await exportSPKI(keys.publicKey));
  }
  return {
    privateKey: await importPKCS8(readFileSync(privatePath, 'utf8'), ALGORITHM),
    publicKey: await importSPKI(readFileSync(publicPath, 'utf8'), ALGORITHM),
  };
}

/**
 * `subgraph`'s verifier, remembering tokens it has verified until they expire: a query plan sends
 * one token to a subgraph several times, and the gateway reuses a token across a caller's requests,
 * so most signature checks would repeat one already done. Keyed by the exact token string, so a
 * forged or altered token never matches; bounded, oldest first out.
 */
export function cachedHopVerifier(publicKey: CryptoKey, subgraph: string, maxEntries = 10_000) {
  const verified = new Map<string, { caller: Caller; expiresAtMs: number }>();
  return async (token: string | undefined): Promise<Caller | null> => {
    if (!token) return null;
    const hit = verified.get(token);
    if (hit && hit.expiresAtMs > Date.now()) return hit.caller;
    if (hit) verified.delete(token);
    const caller = await verifyHopToken(publicKey, token, subgraph);
    if (!caller) return null;
    const expiresAtMs = expiryMs(token);
    if (verified.size >= maxEntries) verified.delete(verified.keys().next().value!);
    verified.set(token, { caller, expiresAtMs });
    return caller;
  };
}

/**
 * A signer that reuses a caller's token for a subgraph while it has more than half its life left,
 * so signing costs once per caller and subgraph per half-minute rather than once per fetch.
 */
export function reusingHopSigner(privateKey: CryptoKey, maxEntries = 10_000) {
  const signed = new Map<string, { token: string; renewAtMs: number }>();
  return async (caller: Caller, subgraph: string): Promise<string> => {
    const key = JSON.stringify([subgraph, caller.kind, caller.id, [...caller.scopes].sort(), caller.organizationId]);
    const hit = signed.get(key);
    if (hit && hit.renewAtMs > Date.now()) return hit.token;
    const token = await signHopToken(privateKey, caller, subgraph);
    if (signed.size >= maxEntries) signed.delete(signed.keys().next().value!);
    signed.set(key, { token, renewAtMs: Date.now() + (HOP_TOKEN_TTL_SECONDS * 1000) / 2 });
    return token;
  };
}

/** When a token already verified stops being acceptable, in ms: its `exp`, or its maximum age if sooner. */
function expiryMs(token: string): number {
  const payload = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8')) as { exp: number; iat: number };
  return Math.min(payload.exp, payload.iat + HOP_TOKEN_TTL_SECONDS) * 1000;
}
