// Which transactions appended events, so whoever feeds consumers hears of a commit the moment it
// happens instead of on its next poll (the interval is only a fallback). In process, the commit
// waits (briefly) for that hand-off: a mutation returns once the copies in this process reflect it,
// so a client's next request, in any domain, sees what it just did.
const appendedIn = new WeakMap<object, Map<string, number[]>>();

/** Told the domain whose outbox grew, and the sequences the transaction appended (bench:events times them). */
type Listener = (domain: string, sequences: readonly number[]) => Promise<unknown> | void;
const listeners = new Set<Listener>();

/** The longest a commit waits for in-process consumers; past it the copies catch up on their own. */
const HANDOFF_WAIT_MS = 500;

/** Called by appendEvents: this transaction now holds events of `domain`, at these sequences. */
export function markAppended(tx: object, domain: string, sequences: readonly number[] = []): void {
  let domains = appendedIn.get(tx);
  if (!domains) appendedIn.set(tx, (domains = new Map()));
  domains.set(domain, [...(domains.get(domain) ?? []), ...sequences]);
}

/** Called by inTransaction after COMMIT: tells each listener which domains' outboxes grew, and waits for those that return work. */
export async function announceCommitted(tx: object | undefined): Promise<void> {
  const domains = tx && appendedIn.get(tx);
  if (!domains) return;
  appendedIn.delete(tx);
  const work = [...domains].flatMap(([domain, sequences]) => [...listeners].map((listener) => listener(domain, sequences)));
  if (!work.some((w) => w)) return;
  let timer: NodeJS.Timeout | undefined;
  const cap = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, HANDOFF_WAIT_MS);
  });
  await Promise.race([Promise.allSettled(work), cap]);
  clearTimeout(timer);
}

/**
 * Calls `listener` with the domain (and the sequences appended) after every commit in this process
 * that appended its events, in the order listeners were added.
 * A listener that returns a promise holds the commit's caller until it settles (at most 500 ms).
 */
export function onCommitted(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
