import type { Keyring } from './crypto/field-cipher.ts';
import type { KeyMaterial } from './crypto/key-loader.ts';
import type { Db } from './db/client.ts';

/** Everything a service needs from the outside world, passed explicitly (tests build their own). */
export type Deps = {
  db: Db;
  /** Field encryption keyring and blind-index key. */
  crypto: CryptoDeps;
  /** The clock: tests move it to check deadlines. */
  now: () => Date;
  /**
   * Signed audit checkpoints and audit archives: outside the database, so a database administrator
   * cannot rewrite them; one directory shared by every instance (XINFANG_CHECKPOINT_DIR).
   */
  checkpointDir: string;
  maxUploadBytes: number;
};

export type CryptoDeps = {
  keyring: Keyring;
  encrypt: (plain: string) => string;
  decrypt: (cipher: string) => string;
  index: (kind: 'id_number' | 'phone' | 'name', value: string) => string;
  /** Keyed hash for query secrets. */
  hashSecret: (secret: string) => string;
  /** Signs an audit checkpoint with a key kept outside the database (the key file or environment). */
  signCheckpoint: (text: string) => string;
  auditAlgorithm: 'sha256' | 'sm3';
  /** The key material these functions use, for worker threads that compute the same fields (ledger import). */
  material: KeyMaterial;
};

/** Today's date in China (Asia/Shanghai), as YYYY-MM-DD. */
/** Built once: constructing an Intl.DateTimeFormat costs far more than formatting with it. */
const SHANGHAI_DATE = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

export function todayIn(now: Date): string {
  return SHANGHAI_DATE.format(now);
}
