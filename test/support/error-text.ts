// What a client sees of an answer, as text to search for leaked detail. The gateway's request ids
// are its own random UUIDs: each is checked for that shape, then left out of the text, where its hex
// digits could spell a port or a status ("5432", "502") by chance.
import { expect } from 'vitest';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function textWithoutRequestIds(value: unknown): string {
  return JSON.stringify(value, (key, item: unknown) => {
    if (key !== 'requestId') return item;
    expect(item).toMatch(UUID);
    return undefined;
  });
}
