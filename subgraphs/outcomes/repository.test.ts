// countCells sends its statements at once; one failing while another still runs must reject the
// call, not leave a rejection nobody handles (which ends a Node process). Seen at national scale:
// a pool timeout on a later statement under load took the outcomes subgraph down.
import { afterEach, expect, it } from 'vitest';
import type { DB } from '../../kit/database/db.js';
import { countCells } from './repository.js';

const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);
afterEach(() => {
  process.off('unhandledRejection', onUnhandled);
  unhandled.length = 0;
});

it('rejects with the first failure and leaves no rejection unhandled when a later statement fails first', async () => {
  process.on('unhandledRejection', onUnhandled);
  let sent = 0;
  const db = {
    // The first statement (the cells) is slow; the second (cost) fails at once (a pool that cannot
    // hand out a connection).
    execute: () => {
      sent++;
      if (sent === 2) return Promise.reject(new Error('timeout exceeded when trying to connect'));
      return new Promise((resolve) => setTimeout(() => resolve({ rows: [] }), sent === 1 ? 100 : 1));
    },
  } as unknown as DB;
  await expect(countCells(db, ['FIELD_OFFICE'], new Date())).rejects.toThrow(/timeout exceeded/);
  await new Promise((resolve) => setTimeout(resolve, 150));
  expect(sent).toBe(2);
  expect(unhandled).toEqual([]);
});
