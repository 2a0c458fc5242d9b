export type Chunk<T> = { items: T[]; last: boolean };

/**
 * Items produced between two turns of the event loop. Items that are ready (a worker's batch already answered) come
 * through promise continuations, which run before any I/O callback: without a turn, the consumer's database answers
 * waited until the producer ran dry — tens of milliseconds per statement, a dozen statements per chunk.
 */
const TURN_EVERY = 64;
const turn = () => new Promise((resolve) => setImmediate(resolve));

/**
 * Groups `source` into chunks of `size` items and reads one chunk ahead of its consumer: while the consumer
 * works on a chunk (writes it to the database), the next one is already being produced (read, validated and
 * computed). At most two chunks are held, so memory stays flat in the length of the source. The last chunk is
 * marked, and there is always one (empty for an empty source). The source is closed when the consumer stops.
 * The first chunk holds `firstSize` items (default `size`): the consumer, idle until it comes, starts sooner.
 */
export async function* readAhead<T>(
  source: AsyncIterable<T>,
  size: number,
  firstSize = size,
): AsyncGenerator<Chunk<T>> {
  const iterator = source[Symbol.asyncIterator]();
  const fill = async (count: number): Promise<Chunk<T>> => {
    const items: T[] = [];
    while (items.length < count) {
      if (items.length % TURN_EVERY === TURN_EVERY - 1) await turn();
      const next = await iterator.next();
      if (next.done) return { items, last: true };
      items.push(next.value);
    }
    return { items, last: false };
  };
  let pending = fill(Math.max(1, firstSize));
  // Awaited below; a failure while the consumer is busy is not "unhandled" meanwhile.
  pending.catch(() => {});
  let finished = false;
  try {
    for (;;) {
      const chunk = await pending;
      if (chunk.last) {
        finished = true;
        yield chunk;
        return;
      }
      pending = fill(size);
      pending.catch(() => {});
      yield chunk;
    }
  } finally {
    if (!finished) {
      // Let the chunk being produced settle before closing the source (an async generator runs one step at a time).
      await pending.catch(() => {});
      await iterator.return?.();
    }
  }
}
