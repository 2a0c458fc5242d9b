import type { Deps } from '../../deps.ts';
import { AppError, notFound } from '../../errors.ts';
import { recordAudit } from '../audit/audit.service.ts';
import type { Actor } from '../auth/actor.ts';
import { findPetition, listPetitioners } from './petition.repo.ts';
import { petitionScope } from './petition.scope.ts';
import { maySeeIdentity } from './identity.policy.ts';

/**
 * 查看个人信息明文: only users with the "view personal data" permission, only within scope and
 * confidentiality; every unmasked view is written to the audit log (who, which petition, which fields).
 */
export async function revealPetitioners(deps: Deps, actor: Actor, petitionId: string) {
  const row = await findPetition(deps.db, petitionId, petitionScope(actor));
  if (!row) throw notFound('信访事项');
  if (!actor.canViewPersonalData || !maySeeIdentity(actor, row)) {
    throw new AppError('FORBIDDEN', '您没有查看个人信息明文的权限');
  }
  const people = await listPetitioners(deps.db, petitionId);
  const revealed = people.map((p) => ({
    name: p.name,
    idNumber: p.idNumberCipher ? deps.crypto.decrypt(p.idNumberCipher) : null,
    phone: p.phoneCipher ? deps.crypto.decrypt(p.phoneCipher) : null,
    address: p.address,
  }));
  await deps.db.transaction(async (tx) => {
    await recordAudit(deps, tx, actor, {
      action: 'personal_data.view',
      entityType: 'petition',
      entityId: petitionId,
      after: { caseNo: row.caseNo, petitioners: people.length, fields: ['idNumber', 'phone'] },
    });
  });
  return revealed;
}
