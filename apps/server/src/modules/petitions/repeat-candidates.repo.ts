import { and, eq, inArray, lt, ne, or } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { petitioners, petitions } from '../../db/schema/index.ts';

/**
 * Earlier petitions of the same bureau by the same person (same ID number or phone, matched on
 * their blind indexes). Used to suggest 重复信访 links; staff decide, nothing is linked automatically.
 */
export async function findEarlierBySamePerson(db: Db, petitionId: string) {
  const [self] = await db.select().from(petitions).where(eq(petitions.id, petitionId));
  if (!self) return { self: undefined, candidates: [] };
  const people = await db.select().from(petitioners).where(eq(petitioners.petitionId, petitionId));
  const ids = people.map((p) => p.idNumberIndex).filter((x): x is string => Boolean(x));
  const phones = people.map((p) => p.phoneIndex).filter((x): x is string => Boolean(x));
  if (ids.length === 0 && phones.length === 0) return { self, candidates: [] };
  const candidates = await db
    .selectDistinct({
      id: petitions.id,
      caseNo: petitions.caseNo,
      registeredOn: petitions.registeredOn,
      title: petitions.title,
      confidential: petitions.confidential,
    })
    .from(petitions)
    .innerJoin(petitioners, eq(petitioners.petitionId, petitions.id))
    .where(
      and(
        eq(petitions.bureauUnitId, self.bureauUnitId),
        ne(petitions.id, self.id),
        lt(petitions.registeredAt, self.registeredAt),
        or(
          ids.length ? inArray(petitioners.idNumberIndex, ids) : undefined,
          phones.length ? inArray(petitioners.phoneIndex, phones) : undefined,
        ),
      ),
    )
    .limit(10);
  return { self, candidates };
}
