import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { keyAt, keyBetween } from './order-key.js';

describe('order keys', () => {
  it('a key between two keys sorts between them, however often the gap is split', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(), { maxLength: 60 }), (choices) => {
        const keys = [keyAt(0), keyAt(1)];
        for (const c of choices) {
          const i = c % (keys.length + 1);
          const k = keyBetween(i === 0 ? '' : keys[i - 1]!, i === keys.length ? null : keys[i]!);
          keys.splice(i, 0, k);
        }
        expect([...keys].sort()).toEqual(keys);
        expect(new Set(keys).size).toBe(keys.length);
        for (const k of keys) expect(k.endsWith('0')).toBe(false);
      }),
    );
  });

  it('seeded positions sort as their indexes', () => {
    expect([keyAt(10), keyAt(9), keyAt(100)].sort()).toEqual([keyAt(9), keyAt(10), keyAt(100)]);
  });
});
