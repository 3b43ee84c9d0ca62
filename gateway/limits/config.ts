// The request limits the gateway enforces, their defaults, and the environment variables that
// override them in a deployment (read by gateway/index.ts).

export interface RequestLimits {
  /** Deepest field nesting an operation may have; fragments count as the fields they contain. */
  depth: number;
  /** Aliased fields in one operation (aliases multiply the work one request asks for). */
  aliases: number;
  /** Directives in one operation. */
  directives: number;
  /** Lexical tokens in the document (names, punctuation, values; comments excluded). */
  tokens: number;
  /** Estimated cost: one per field, a list field's children multiplied by its page size (`first`). */
  cost: number;
  /** Request body, in bytes. */
  bodyBytes: number;
  /** Operations one JSON-array body may carry; 0 turns batching off. */
  batchedOperations: number;
}

export const DEFAULT_LIMITS: Readonly<RequestLimits> = {
  depth: 12,
  aliases: 30,
  directives: 20,
  tokens: 3000,
  cost: 5000,
  bodyBytes: 1_000_000,
  batchedOperations: 0,
};

export const LIMIT_ENV_VARIABLES: Readonly<Record<keyof RequestLimits, string>> = {
  depth: 'GATEWAY_MAX_DEPTH',
  aliases: 'GATEWAY_MAX_ALIASES',
  directives: 'GATEWAY_MAX_DIRECTIVES',
  tokens: 'GATEWAY_MAX_TOKENS',
  cost: 'GATEWAY_MAX_COST',
  bodyBytes: 'GATEWAY_MAX_BODY_BYTES',
  batchedOperations: 'GATEWAY_MAX_BATCHED_OPERATIONS',
};

/** The limits set in `env`; a value that is not a whole number stops the gateway at startup. */
export function limitsFromEnv(env: Record<string, string | undefined>): Partial<RequestLimits> {
  const limits: Partial<RequestLimits> = {};
  for (const [limit, variable] of Object.entries(LIMIT_ENV_VARIABLES) as [keyof RequestLimits, string][]) {
    const raw = env[variable];
    if (raw === undefined || raw.trim() === '') continue;
    const value = Number(raw);
    if (!Number.isSafeInteger(value) || value < 0) throw new Error(`${variable} must be a whole number, got "${raw}"`);
    limits[limit] = value;
  }
  return limits;
}

/** `overrides` on top of the defaults. */
export function resolveLimits(overrides: Partial<RequestLimits> = {}): RequestLimits {
  const defined = Object.fromEntries(Object.entries(overrides).filter(([, value]) => value !== undefined));
  return { ...DEFAULT_LIMITS, ...defined };
}
