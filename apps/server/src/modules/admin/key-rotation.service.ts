import type { Deps } from '../../deps.ts';
import { decryptField, encryptField, needsReencryption } from '../../crypto/field-cipher.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { listPetitionersAfter, updatePetitionerCiphers } from '../petitions/petition.repo.ts';

/**
 * Re-encrypts every personal-data field not yet under the active key, in small batches, each its
 * own transaction: the service stays up, and every row decrypts at every moment because the
 * keyring still holds the old key. Safe to re-run (rows already rotated are skipped).
 */
export async function reencryptPersonalData(
  deps: Deps,
  batchSize = 500,
): Promise<{ scanned: number; reencrypted: number }> {
  const keyring = deps.crypto.keyring;
  const rotate = (value: string | null) =>
    value && needsReencryption(keyring, value) ? encryptField(keyring, decryptField(keyring, value)) : value;
  let after: string | null = null;
  let scanned = 0;
  let reencrypted = 0;
  for (;;) {
    const page = await listPetitionersAfter(deps.db, after, batchSize);
    if (page.length === 0) break;
    await deps.db.transaction(async (tx) => {
      for (const row of page) {
        const idNumberCipher = rotate(row.idNumberCipher);
        const phoneCipher = rotate(row.phoneCipher);
        if (idNumberCipher !== row.idNumberCipher || phoneCipher !== row.phoneCipher) {
          await updatePetitionerCiphers(tx, row.id, { idNumberCipher, phoneCipher });
          reencrypted++;
        }
      }
    });
    scanned += page.length;
    after = page[page.length - 1].id;
  }
  await deps.db.transaction(async (tx) => {
    await recordAudit(deps, tx, null, {
      action: 'keys.rotate',
      entityType: 'keyring',
      entityId: keyring.activeKeyId,
      after: { scanned, reencrypted },
    });
  });
  return { scanned, reencrypted };
}
