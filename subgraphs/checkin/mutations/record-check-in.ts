// recordCheckIn: one transaction that claims the idempotency key first, so resends of one request
// queue behind the first instead of racing it, then fills the window the submission is due for.
import { randomUUID } from 'node:crypto';
import { appendAudit } from '../../shared/audit.js';
import { appendEvents } from '../../shared/events/outbox.js';
import type { DB } from '../../../kit/database/db.js';
import { domainError, ErrorCode } from '../../../kit/graphql/errors.js';
import { inTransaction } from '../../shared/transaction.js';
import type { Context } from '../context.js';
import { auditEvents, type CheckInRow } from '../db/schema.js';
import type { RecordCheckInInput } from '../generated/resolvers-types.js';
import type { CheckInWindow } from '../models.js';
import { checkinEvents } from '../events/published.js';
import { evaluateCompliance } from '../compliance-state.js';
import * as repo from '../repository.js';
import type { Window } from '../windows.js';
import { recordedChanges } from './audit-changes.js';
import { idempotencyKey, location, requestHash, submissionTime } from './input.js';
import { refreshLoaders } from './refresh-loaders.js';
import { filledMeanwhile, requireSchedule, windowToFill } from './rules.js';
import { closesAtOf, submissionCandidates } from './windows-for-writes.js';

const KEY_FIELD = 'input.idempotencyKey';

export async function recordCheckIn({ db, loaders, caller, now }: Context, input: RecordCheckInInput): Promise<CheckInWindow> {
  const key = idempotencyKey(input.idempotencyKey, KEY_FIELD);
  const place = location(input.location, 'input.location');
  const submittedAt = submissionTime(input.submittedAt, 'input.submittedAt', now);
  const enrolleeId = input.enrolleeId.toLowerCase();
  const hash = requestHash(input);

  const checkIn = await inTransaction(db, async (tx) => {
    // The check-in's id is chosen now so the key, claimed first, can name it.
    const checkInId = randomUUID();
    if (!(await repo.claimIdempotencyKey(tx, { key, requestHash: hash, checkInId, createdAt: now }))) {
      return firstAnswer(tx, key, hash);
    }
    const terms = await repo.findTermsByEnrolleeIds(tx, [enrolleeId]);
    requireSchedule(terms, 'input.enrolleeId');
    const candidates = submissionCandidates(terms, submittedAt);
    const rows = await rowsByOpening(tx, enrolleeId, [candidates.open, candidates.closed]);
    const fill = windowToFill(candidates, (w) => rows.get(w.opensAt.getTime()) ?? null);

    const row = await repo.insertCheckInForWindow(tx, {
      id: checkInId,
      enrolleeId,
      dueAt: fill.window.opensAt,
      submittedAt,
      method: input.method,
      verification: input.identityVerification,
      latitude: place?.latitude ?? null,
      longitude: place?.longitude ?? null,
      accuracyMeters: place?.accuracyMeters ?? null,
      createdAt: now,
    });
    // Another request filled the window between our read and our insert.
    if (!row) throw filledMeanwhile(fill);
    const recorded: CheckInWindow = { enrolleeId, opensAt: fill.window.opensAt, closesAt: fill.window.closesAt, row };
    await appendAudit(
      tx,
      auditEvents,
      caller,
      { operation: 'recordCheckIn', recordType: 'CheckIn', recordId: row.id, enrolleeId, changes: recordedChanges(recorded, row, fill.late) },
      now,
    );
    const data = {
      checkInId: row.id,
      enrolleeId,
      windowOpensAt: fill.window.opensAt.toISOString(),
      windowClosesAt: fill.window.closesAt.toISOString(),
      submittedAt: submittedAt.toISOString(),
      late: fill.late,
      method: input.method,
      identityVerification: input.identityVerification ?? null,
    };
    await appendEvents(tx, checkinEvents, [{ type: 'CheckInRecorded', subject: row.id, data }], now);
    // The window's outcome changed: what the other domains know of this person's compliance follows in the same transaction.
    await evaluateCompliance(tx, [enrolleeId], now, { reportMisses: false });
    return recorded;
  });
  refreshLoaders(loaders, checkIn);
  return checkIn;
}

/**
 * The key was claimed by an earlier (or concurrent, now committed) request: the same payload gets
 * that request's check-in back; a different one is refused.
 */
async function firstAnswer(tx: DB, key: string, hash: string): Promise<CheckInWindow> {
  const claim = await repo.findIdempotencyKey(tx, key);
  // Under read committed the conflicting insert waited for the claim's commit, so it is visible.
  if (!claim) throw new Error('idempotency key conflicted but its row is not visible');
  if (claim.requestHash !== hash) {
    throw domainError(
      ErrorCode.IDEMPOTENCY_KEY_REUSED,
      `"${KEY_FIELD}" was already used for a different check-in: an idempotency key may only be resent with the same payload`,
      KEY_FIELD,
    );
  }
  const row = await repo.findCheckInById(tx, claim.checkInId);
  if (!row) throw new Error('idempotency key names a missing check-in');
  const terms = await repo.findTermsByEnrolleeIds(tx, [row.enrolleeId]);
  return { enrolleeId: row.enrolleeId, opensAt: row.dueAt, closesAt: closesAtOf(terms, row.dueAt), row };
}

/** Rows already recorded for these windows of one person, by opening instant. */
async function rowsByOpening(tx: DB, enrolleeId: string, windows: (Window | null)[]): Promise<Map<number, CheckInRow>> {
  const present = windows.filter((w): w is Window => w !== null);
  if (present.length === 0) return new Map();
  const rows = await repo.findCheckInsByWindows(tx, present.map((w) => ({ enrolleeId, dueAt: w.opensAt })));
  return new Map(rows.map((row) => [row.dueAt.getTime(), row]));
}
