// A small seeded PRNG (sfc32, public domain, by Chris Doty-Humphrey) with the helpers the
// generators need. Every person gets independent streams keyed by (seed, person, domain), so the
// data does not depend on chunk size or on the order generators run in.

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number, key = 0, stream = 0) {
    this.a = seed >>> 0;
    this.b = key >>> 0;
    this.c = (stream * 0x9e3779b9) >>> 0;
    this.d = 1;
    // sfc32's state transition is invertible, so distinct keys give distinct streams; warm up to mix.
    for (let i = 0; i < 15; i++) this.u32();
  }

  u32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.u32() / 4294967296;
  }

  /** Integer in [lo, hi], both inclusive. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  /** Uniform real in [lo, hi). */
  real(lo: number, hi: number): number {
    return lo + this.next() * (hi - lo);
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }

  /** Picks a key of a weight table; weights need not sum to 1. */
  weighted<K extends string>(table: Readonly<Record<K, number>>): K {
    return this.pickWeighted(Object.entries(table) as [K, number][]);
  }

  pickWeighted<T>(entries: readonly (readonly [T, number])[]): T {
    let total = 0;
    for (const [, w] of entries) total += w;
    let r = this.next() * total;
    for (const [value, w] of entries) {
      r -= w;
      if (r < 0) return value;
    }
    return entries[entries.length - 1]![0];
  }

  /** Standard normal (Box-Muller). */
  normal(mean = 0, sd = 1): number {
    const u = 1 - this.next();
    return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.next());
  }

  /** A version-4 UUID drawn from this stream (deterministic, valid v4/variant-1 format). */
  uuid(): string {
    const w = [this.u32(), this.u32(), this.u32(), this.u32()];
    const b: number[] = [];
    for (const x of w) b.push(x >>> 24, (x >>> 16) & 255, (x >>> 8) & 255, x & 255);
    b[6] = (b[6]! & 0x0f) | 0x40;
    b[8] = (b[8]! & 0x3f) | 0x80;
    const h = b.map((x) => HEX[x]);
    return `${h[0]}${h[1]}${h[2]}${h[3]}-${h[4]}${h[5]}-${h[6]}${h[7]}-${h[8]}${h[9]}-${h.slice(10).join('')}`;
  }
}

/** Stream ids, one per domain, so changing one generator leaves the others' data unchanged. */
export const Stream = { person: 1, enrollment: 2, checkin: 3, docket: 4, legal: 5, organizations: 6 } as const;

/** Weighted picker precomputed once (cumulative weights), for hot paths. */
export function weightedPicker<T>(entries: readonly (readonly [T, number])[]): (rng: Rng) => T {
  const values = entries.map(([v]) => v);
  const cumulative: number[] = [];
  let total = 0;
  for (const [, w] of entries) cumulative.push((total += w));
  return (rng) => {
    const r = rng.next() * total;
    for (let i = 0; i < cumulative.length; i++) if (r < cumulative[i]!) return values[i]!;
    return values[values.length - 1]!;
  };
}
