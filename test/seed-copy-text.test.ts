// The seed writes COPY text straight into bytes (scripts/lib/seed/writer.ts). Whatever it writes
// must be what PostgreSQL's text format and toISOString say, byte for byte: COPY reads these as the
// rows, so a wrong digit would be a wrong check-in time, not an error.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Batch } from '../scripts/lib/seed/writer.js';

/** The text format written the obvious way, as the seed did before. */
function expected(rows: readonly (readonly unknown[])[]): string {
  const field = (value: unknown) => {
    if (value === null || value === undefined) return '\\N';
    if (value instanceof Date) return value.toISOString();
    if (typeof value === 'boolean') return value ? 't' : 'f';
    return String(value).replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
  };
  return rows.map((row) => row.map(field).join('\t') + '\n').join('');
}

function written(rows: readonly (readonly unknown[])[]): string {
  const batch = new Batch();
  for (const row of rows) batch.add('checkIns', row);
  expect(batch.count('checkIns')).toBe(rows.length);
  return Buffer.concat(batch.pieces('checkIns')).toString('utf8');
}

const instant = fc.integer({ min: Date.UTC(1900, 0, 1), max: Date.UTC(2200, 0, 1) }).map((ms) => new Date(ms));
const value = fc.oneof(instant, fc.string({ unit: 'binary' }), fc.constantFrom('a\\b', 'tab\there', 'line\nbreak', 'cr\r', ''), fc.double({ noNaN: true }), fc.integer(), fc.boolean(), fc.constant(null));

describe('seed COPY text', () => {
  it('writes every kind of value as the text format does, timestamps as toISOString', () => {
    fc.assert(fc.property(fc.array(fc.array(value, { minLength: 1, maxLength: 12 }), { maxLength: 20 }), (rows) => {
      expect(written(rows)).toBe(expected(rows));
    }), { numRuns: 3_000 });
  });

  it('gets the edges of a day, the epoch and years outside 0000-9999 right, and refuses an invalid date', () => {
    const day = Date.UTC(2024, 1, 29);
    const edges = [0, -1, day, day - 1, day + 86_400_000 - 1, day + 999, day + 59_999, -86_400_000, Date.UTC(10000, 0, 1), Date.UTC(10000, 0, 1) - 1, -62_167_219_200_000, -62_167_219_200_001];
    const rows = edges.map((ms) => [new Date(ms)]);
    expect(written(rows)).toBe(expected(rows));
    expect(() => written([[new Date(Number.NaN)]])).toThrow(RangeError);
  });

  it('keeps every row whole across pieces, well past a piece\'s size', () => {
    const rows = Array.from({ length: 40_000 }, (_, i) => [`${i}`.padStart(36, 'x'), new Date(Date.UTC(2025, 0, 1) + i * 61_001), i % 3 === 0 ? null : 'ÄÖ€ 𝄞', i * 0.25]);
    const batch = new Batch();
    for (const row of rows) batch.add('checkIns', row);
    expect(batch.pieces('checkIns').length).toBeGreaterThan(2);
    expect(Buffer.concat(batch.pieces('checkIns')).toString('utf8')).toBe(expected(rows));
  });
});
