export type Chunk<T> = { items: T[]; last: boolean };

/**
 * Groups `source` into chunks of `size` items and reads `ahead` chunks ahead of its consumer: while the consumer
 * works on a chunk (writes it to the database), the next ones are already being produced (read, validated and
 * computed), one after the other. At most `ahead` + 1 chunks are held, so memory stays flat in the length of the
 * source. The last chunk is marked, and there is always one (empty for an empty source). The source is closed when
 * the consumer stops.
 */
export async function* readAhead<T>(
  source: AsyncIterable<T>,
  size: number,
  ahead = 1,
): AsyncGenerator<Chunk<T>> {
  const iterator = source[Symbol.asyncIterator]();
  const fill = async (): Promise<Chunk<T>> => {
    const items: T[] = [];
    while (items.length < size) {
      const next = await iterator.next();
      if (next.done) return { items, last: true };
      items.push(next.value);
    }
    return { items, last: false };
  };
  /** Chunks asked for, in order; each is produced once the one before it is (undefined: after the last). */
  const queue: Array<Promise<Chunk<T> | undefined>> = [];
  // The first chunk follows a start that is not the last one.
  let previous: Promise<Chunk<T> | undefined> = Promise.resolve({ items: [], last: false });
  const ask = () => {
    const asked = previous.then((chunk) => (chunk === undefined || chunk.last ? undefined : fill()));
    // Awaited below; a failure while the consumer is busy is not "unhandled" meanwhile.
    asked.catch(() => {});
    previous = asked;
    queue.push(asked);
  };
  for (let i = 0; i < Math.max(1, ahead); i++) ask();
  let finished = false;
  try {
    for (;;) {
      const chunk = await queue.shift();
      if (!chunk) throw new Error('readAhead: no chunk after the last one');
      if (chunk.last) {
        finished = true;
        yield chunk;
        return;
      }
      ask();
      yield chunk;
    }
  } finally {
    if (!finished) {
      // Let the chunks being produced settle before closing the source (an async generator runs one step at a time).
      await Promise.allSettled(queue);
      await iterator.return?.();
    }
  }
}
