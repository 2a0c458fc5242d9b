import { eq, inArray } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { bureauPolicies } from '../../db/schema/index.ts';
import type { PolicyPatch } from '../../domain/policy.ts';

export async function listPolicyPatches(db: Db, unitIds: string[]): Promise<Map<string, PolicyPatch>> {
  if (unitIds.length === 0) return new Map();
  const rows = await db.select().from(bureauPolicies).where(inArray(bureauPolicies.unitId, unitIds));
  return new Map(rows.map((r) => [r.unitId, r.patch as PolicyPatch]));
}

export async function savePolicyPatch(
  db: Db,
  unitId: string,
  patch: PolicyPatch,
  userId: string,
): Promise<void> {
  await db
    .insert(bureauPolicies)
    .values({ unitId, patch, updatedBy: userId })
    .onConflictDoUpdate({
      target: bureauPolicies.unitId,
      set: { patch, updatedBy: userId, updatedAt: new Date() },
    });
}

export async function findPolicyPatch(db: Db, unitId: string): Promise<PolicyPatch | undefined> {
  const [row] = await db.select().from(bureauPolicies).where(eq(bureauPolicies.unitId, unitId));
  return row?.patch as PolicyPatch | undefined;
}
