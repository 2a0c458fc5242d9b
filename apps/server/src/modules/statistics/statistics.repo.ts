import { and, eq, gte, inArray, isNotNull, lte, type SQL, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Channel, PetitionState, Purpose, Source } from '@xinfang/contract';
import type { Db } from '../../db/client.ts';
import { categories, petitionRoutes, petitions, regions, units } from '../../db/schema/index.ts';
import type { StatPetition } from '../../domain/statistics/stat-record.ts';

export type StatFilter = { from: string; to: string; regionPrefix?: string; unitId?: string };

const parent = alias(categories, 'parent_category');
const returnUnit = alias(units, 'return_unit');

/**
 * The statistic rows of every petition registered in [from, to] that the scope admits: the rows
 * the pure definitions count (the ranking, and the oracle of the property tests).
 */
export async function loadStatRows(
  db: Db,
  scope: SQL | undefined,
  filter: StatFilter,
): Promise<StatPetition[]> {
  const where = and(
    scope,
    gte(petitions.registeredOn, filter.from),
    lte(petitions.registeredOn, filter.to),
    filter.regionPrefix ? sql`${petitions.regionCode} like ${`${filter.regionPrefix}%`}` : undefined,
    filter.unitId ? eq(petitions.responsibleUnitId, filter.unitId) : undefined,
  );
  const rows = await db
    .select({
      // Only the columns the statistics read: not the content or the search vector.
      p: {
        id: petitions.id,
        registeredOn: petitions.registeredOn,
        channel: petitions.channel,
        persons: petitions.persons,
        purpose: petitions.purpose,
        regionCode: petitions.regionCode,
        responsibleUnitId: petitions.responsibleUnitId,
        source: petitions.source,
        isRepeat: petitions.isRepeat,
        isSkipLevel: petitions.isSkipLevel,
        leaderName: petitions.leaderName,
        state: petitions.state,
        firstTriagedOn: petitions.firstTriagedOn,
        acceptanceDueOn: petitions.acceptanceDueOn,
        acceptanceDecidedOn: petitions.acceptanceDecidedOn,
        replyDueOn: petitions.replyDueOn,
        repliedOn: petitions.repliedOn,
        concludedOn: petitions.concludedOn,
        evaluation: petitions.evaluation,
        reportApproved: petitions.reportApproved,
        resolved: petitions.resolved,
      },
      categoryName: categories.name,
      categoryParentName: parent.name,
      regionName: regions.name,
      unitName: units.name,
    })
    .from(petitions)
    .leftJoin(categories, eq(categories.id, petitions.categoryId))
    .leftJoin(parent, eq(parent.id, categories.parentId))
    .leftJoin(regions, eq(regions.code, petitions.regionCode))
    .leftJoin(units, eq(units.id, petitions.responsibleUnitId))
    .where(where);
  const returns = new Map<string, Array<{ unitId: string; unitName: string }>>();
  const ids = rows.map((r) => r.p.id);
  for (let i = 0; i < ids.length; i += 5000) {
    const batch = await db
      .select({
        petitionId: petitionRoutes.petitionId,
        unitId: petitionRoutes.unitId,
        unitName: returnUnit.name,
      })
      .from(petitionRoutes)
      .innerJoin(returnUnit, eq(returnUnit.id, petitionRoutes.unitId))
      .where(
        and(inArray(petitionRoutes.petitionId, ids.slice(i, i + 5000)), isNotNull(petitionRoutes.returnedOn)),
      );
    for (const r of batch)
      returns.set(r.petitionId, [
        ...(returns.get(r.petitionId) ?? []),
        { unitId: r.unitId, unitName: r.unitName },
      ]);
  }
  return rows.map(({ p, categoryName, categoryParentName, regionName, unitName }) => ({
    id: p.id,
    registeredOn: p.registeredOn,
    channel: p.channel as Channel,
    persons: p.persons,
    purpose: p.purpose as Purpose,
    categoryName,
    categoryParentName,
    regionCode: p.regionCode,
    regionName,
    responsibleUnitId: p.responsibleUnitId,
    responsibleUnitName: unitName,
    source: p.source as Source,
    isRepeat: p.isRepeat,
    isSkipLevel: p.isSkipLevel,
    leaderName: p.leaderName,
    state: p.state as PetitionState,
    firstTriagedOn: p.firstTriagedOn,
    acceptanceDueOn: p.acceptanceDueOn,
    acceptanceDecidedOn: p.acceptanceDecidedOn,
    replyDueOn: p.replyDueOn,
    repliedOn: p.repliedOn,
    concludedOn: p.concludedOn,
    evaluation: p.evaluation as StatPetition['evaluation'],
    resolved: p.resolved,
    reportApproved: p.reportApproved,
    returns: returns.get(p.id) ?? [],
  }));
}
