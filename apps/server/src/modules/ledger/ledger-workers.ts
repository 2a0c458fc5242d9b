import { Worker } from 'node:worker_threads';
import type { RawRow } from './ledger-reader.ts';
import { type CheckedRow, checkRow, type RowCrypto } from './ledger-row-compute.ts';
import type { LedgerWorkerInit, LedgerWorkerReply } from './ledger-worker.ts';

/** Rows per message to a worker, and batches in flight per worker (bounds memory: back-pressure). */
const BATCH = 250;
const IN_FLIGHT_PER_WORKER = 4;
/** Rows this thread checks between two turns of its event loop when it helps the workers (≈ 2 ms of work). */
const HERE_SLICE = 25;

/**
 * Checks and computes the rows of a ledger in worker threads, yielding them in file order: the
 * reader feeds batches round-robin, at most a few per worker in flight. When every worker has its
 * share in flight, this thread checks the next batch itself instead of waiting (with one worker on
 * two cores, the reading and COPY thread would otherwise idle while the worker is the bottleneck);
 * at most twice as many batches as can be in flight are held, so a slow consumer (the COPY stream)
 * holds the reader back and memory stays flat. The workers end when the generator does (finished,
 * failed or abandoned).
 */
export async function* checkedInWorkers(
  rows: AsyncIterable<RawRow>,
  size: number,
  init: LedgerWorkerInit,
  crypto: RowCrypto,
): AsyncGenerator<[RawRow, CheckedRow]> {
  const workers = Array.from(
    { length: size },
    () => new Worker(new URL('./ledger-worker.mjs', import.meta.url), { workerData: init }),
  );
  const waiting = new Map<number, { resolve: (r: CheckedRow[]) => void; reject: (e: Error) => void }>();
  const failAll = (error: Error) => {
    for (const w of waiting.values()) w.reject(error);
    waiting.clear();
  };
  for (const worker of workers) {
    worker.on('message', (reply: LedgerWorkerReply) => {
      const w = waiting.get(reply.id);
      waiting.delete(reply.id);
      if ('error' in reply) w?.reject(new Error(reply.error));
      else w?.resolve(reply.results);
    });
    worker.on('error', failAll);
  }
  const inFlight = size * IN_FLIGHT_PER_WORKER;
  /** A batch in file order, `done` once its rows are checked (here at once, in a worker when it answers). */
  type Batch = { batch: RawRow[]; checked: Promise<CheckedRow[]>; done: boolean };
  const queue: Batch[] = [];
  let sent = 0;
  /**
   * A batch checked in this thread, a slice at a time with a turn of the event loop between slices: this thread
   * also drives the database connection, and a whole batch at once would leave the database waiting for its next
   * statement (or the COPY for its next bytes) for as long.
   */
  const checkHere = async (batch: RawRow[]): Promise<CheckedRow[]> => {
    const checked: CheckedRow[] = [];
    for (let i = 0; i < batch.length; i += HERE_SLICE) {
      if (i > 0) await new Promise((resolve) => setImmediate(resolve));
      for (const raw of batch.slice(i, i + HERE_SLICE))
        checked.push(checkRow(crypto, raw, init.today, init.settings));
    }
    return checked;
  };
  const check = (batch: RawRow[]): Batch => {
    const here = waiting.size >= inFlight;
    const id = here ? -1 : sent++;
    const entry: Batch = {
      batch,
      checked: here
        ? checkHere(batch)
        : new Promise<CheckedRow[]>((resolve, reject) => waiting.set(id, { resolve, reject })),
      done: false,
    };
    // Awaited in order below; a failure before then is not "unhandled".
    entry.checked.then(
      () => (entry.done = true),
      () => (entry.done = true),
    );
    if (!here) workers[id % size].postMessage({ id, rows: batch });
    return entry;
  };
  /** Yields the batches done at the head of the queue, waiting for the head while more than `held` are queued. */
  async function* drain(held: number): AsyncGenerator<[RawRow, CheckedRow]> {
    while (queue.length > 0 && (queue[0].done || queue.length > held)) {
      const { batch, checked } = queue.shift()!;
      const results = await checked;
      for (let i = 0; i < batch.length; i++) yield [batch[i], results[i]];
    }
  }
  try {
    let batch: RawRow[] = [];
    for await (const raw of rows) {
      batch.push(raw);
      if (batch.length < BATCH) continue;
      queue.push(check(batch));
      batch = [];
      yield* drain(2 * inFlight);
    }
    if (batch.length > 0) queue.push(check(batch));
    yield* drain(0);
  } finally {
    failAll(new Error('ledger import ended'));
    await Promise.all(workers.map((w) => w.terminate()));
  }
}
