// The signed hop: the gateway tells a subgraph who is calling with a short-lived JWT (EdDSA), and a
// subgraph believes nothing else. Asymmetric on purpose: subgraphs hold only the public key, so a
// compromised subgraph cannot mint identities. jose is the maintained, dependency-free JOSE library.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { exportPKCS8, exportSPKI, generateKeyPair, importPKCS8, importSPKI, jwtVerify, SignJWT, type CryptoKey } from 'jose';
import { SCOPES, type Caller, type CallerKind, type Scope } from './context.js';

const ALGORITHM = 'EdDSA';
const ISSUER = 'supervision-gateway';
const AUDIENCE = 'supervision-subgraphs';
/** Long enough for one request's whole plan, short enough that a leaked token is soon useless. */
export const HOP_TOKEN_TTL_SECONDS = 60;
/** The header the gateway puts the token in. */
export const HOP_HEADER = 'x-supervision-identity';

export interface HopKeys {
  privateKey: CryptoKey;
  publicKey: CryptoKey;
}

export async function generateHopKeys(): Promise<HopKeys> {
  return generateKeyPair(ALGORITHM, { crv: 'Ed25519', extractable: true }) as Promise<HopKeys>;
}

export async function signHopToken(privateKey: CryptoKey, caller: Caller, now = new Date()): Promise<string> {
  const issuedAt = Math.floor(now.getTime() / 1000);
  return new SignJWT({ kind: caller.kind, scopes: [...caller.scopes], org: caller.organizationId })
    .setProtectedHeader({ alg: ALGORITHM })
    .setSubject(caller.id)
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + HOP_TOKEN_TTL_SECONDS)
    .sign(privateKey);
}

const KINDS: readonly CallerKind[] = ['staff', 'partner', 'developer'];

/** The caller a valid token names, or null for a missing, expired, forged or malformed token. */
export async function verifyHopToken(publicKey: CryptoKey, token: string | undefined): Promise<Caller | null> {
  if (!token) return null;
  try {
    const { payload } = await jwtVerify(token, publicKey, { algorithms: [ALGORITHM], issuer: ISSUER, audience: AUDIENCE, requiredClaims: ['exp', 'sub'] });
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
