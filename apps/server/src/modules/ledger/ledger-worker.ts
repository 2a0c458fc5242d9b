import { parentPort, workerData } from 'node:worker_threads';
import { cryptoDepsFrom } from '../../crypto/crypto-deps.ts';
import type { KeyMaterial } from '../../crypto/key-loader.ts';
import type { RawRow } from './ledger-reader.ts';
import { type CheckedRow, checkRow, type RowSettings } from './ledger-row-compute.ts';

export type LedgerWorkerInit = { material: KeyMaterial; today: string; settings: RowSettings };
export type LedgerWorkerRequest = { id: number; rows: RawRow[] };
export type LedgerWorkerReply = { id: number; results: CheckedRow[] } | { id: number; error: string };

/** A worker thread of a ledger import: checks and computes each batch of raw rows it is sent. */
export function serveLedgerWorker(): void {
  const port = parentPort;
  if (!port) throw new Error('ledger-worker: not in a worker thread');
  const init = workerData as LedgerWorkerInit;
  // Buffers arrive as plain Uint8Arrays (structured clone).
  const crypto = cryptoDepsFrom({
    ...init.material,
    keys: init.material.keys.map((k) => ({ id: k.id, key: Buffer.from(k.key) })),
    indexKey: Buffer.from(init.material.indexKey),
  });
  port.on('message', ({ id, rows }: LedgerWorkerRequest) => {
    let reply: LedgerWorkerReply;
    try {
      reply = { id, results: rows.map((raw) => checkRow(crypto, raw, init.today, init.settings)) };
    } catch (error) {
      reply = { id, error: error instanceof Error ? error.message : String(error) };
    }
    port.postMessage(reply);
  });
}
