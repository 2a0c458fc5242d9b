/** One member's answer from a batch write: its value, or its own error. */
export type Outcome<R> = { ok: true; value: R } | { ok: false; error: unknown };

/**
 * Group commit: what arrives while a batch is being written is written together in the next one,
 * by a single writer per handle. Nothing waits on purpose: the first arrival is written at once,
 * and a batch holds whatever queued during the previous commit (up to `maxBatch`).
 *
 * `write` writes a batch in one transaction and answers each member (a member may fail alone with
 * an error it detects, e.g. a duplicate). When the whole transaction fails (a constraint, a
 * serialization failure, a deadlock), the members are written again one by one, so only the bad one
 * receives an error. Every caller is answered only after its transaction's commit.
 */
export function groupCommit<T, R>(
  write: (batch: T[]) => Promise<Array<Outcome<R>>>,
  maxBatch = 200,
): (item: T) => Promise<R> {
  type Waiting = { item: T; resolve: (value: R) => void; reject: (error: unknown) => void };
  const queue: Waiting[] = [];
  let writing = false;

  const writeBatch = async (batch: Waiting[]): Promise<void> => {
    let outcomes: Array<Outcome<R>>;
    try {
      outcomes = await write(batch.map((w) => w.item));
    } catch (error) {
      if (batch.length === 1) {
        batch[0].reject(error);
        return;
      }
      for (const one of batch) await writeBatch([one]);
      return;
    }
    outcomes.forEach((outcome, i) => {
      if (outcome.ok) batch[i].resolve(outcome.value);
      else batch[i].reject(outcome.error);
    });
  };

  const drain = async (): Promise<void> => {
    writing = true;
    try {
      while (queue.length > 0) await writeBatch(queue.splice(0, maxBatch));
    } finally {
      writing = false;
    }
  };

  return (item) =>
    new Promise<R>((resolve, reject) => {
      queue.push({ item, resolve, reject });
      if (!writing) void drain();
    });
}

/**
 * The same for reads by key: the keys asked for while a read is running are read together in the
 * next one (one statement for the requests that arrived meanwhile). Nothing is kept between reads:
 * every key is read by a statement sent after it was asked for.
 */
export function groupRead<K, V>(
  read: (keys: K[]) => Promise<Map<K, V>>,
  maxBatch = 200,
): (key: K) => Promise<V | undefined> {
  return groupCommit(async (keys: K[]) => {
    const found = await read([...new Set(keys)]);
    return keys.map((key) => ({ ok: true as const, value: found.get(key) }));
  }, maxBatch);
}
