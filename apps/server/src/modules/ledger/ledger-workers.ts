import { Worker } from 'node:worker_threads';
import type { RawRow } from './ledger-reader.ts';
import type { CheckedRow } from './ledger-row-compute.ts';
import type { LedgerWorkerInit, LedgerWorkerReply } from './ledger-worker.ts';

/** Rows per message to a worker, and batches in flight per worker (bounds memory: back-pressure). */
const BATCH = 250;
const IN_FLIGHT_PER_WORKER = 4;

/**
 * Checks and computes the rows of a ledger in worker threads, yielding them in file order: the
 * reader feeds batches round-robin; at most a few batches per worker are in flight, so a slow
 * consumer (the COPY stream) holds the reader back and memory stays flat. The workers end when
 * the generator does (finished, failed or abandoned).
 */
export async function* checkedInWorkers(
  rows: AsyncIterable<RawRow>,
  size: number,
  init: LedgerWorkerInit,
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
  let sent = 0;
  const send = (batch: RawRow[]): Promise<CheckedRow[]> => {
    const id = sent++;
    const result = new Promise<CheckedRow[]>((resolve, reject) => waiting.set(id, { resolve, reject }));
    result.catch(() => {}); // awaited in order below; a failure before then is not "unhandled"
    workers[id % size].postMessage({ id, rows: batch });
    return result;
  };
  const queue: Array<{ batch: RawRow[]; results: Promise<CheckedRow[]> }> = [];
  async function* drainTo(length: number): AsyncGenerator<[RawRow, CheckedRow]> {
    while (queue.length > length) {
      const { batch, results } = queue.shift()!;
      const checked = await results;
      for (let i = 0; i < batch.length; i++) yield [batch[i], checked[i]];
    }
  }
  try {
    let batch: RawRow[] = [];
    for await (const raw of rows) {
      batch.push(raw);
      if (batch.length < BATCH) continue;
      queue.push({ batch, results: send(batch) });
      batch = [];
      yield* drainTo(size * IN_FLIGHT_PER_WORKER);
    }
    if (batch.length > 0) queue.push({ batch, results: send(batch) });
    yield* drainTo(0);
  } finally {
    failAll(new Error('ledger import ended'));
    await Promise.all(workers.map((w) => w.terminate()));
  }
}
