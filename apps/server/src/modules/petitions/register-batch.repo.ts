import { sql } from 'drizzle-orm';
import { type Db, queryRows } from '../../db/client.ts';

export type RegistrationReferences = {
  regionCode: string;
  categoryId: string | null;
  sourceUnitId: string | null;
  accusedUnitId: string | null;
};

/** Which references of each registration exist (true when absent from the input). */
export type ReferencesFound = {
  region: boolean;
  category: boolean;
  sourceUnit: boolean;
  accusedUnit: boolean;
};

/**
 * One statement for a batch of registrations, inside its transaction: whether each one's region,
 * category and units exist, and the settings stamp the deadlines must have been computed under.
 */
export async function checkRegistrationReferences(
  db: Db,
  batch: RegistrationReferences[],
): Promise<{ found: ReferencesFound[]; settingsStamp: string }> {
  const rows = await queryRows<{
    i: number;
    region: boolean;
    category: boolean;
    source_unit: boolean;
    accused_unit: boolean;
    stamp: string | null;
  }>(
    db,
    sql`select r.i,
        exists (select 1 from regions g where g.code = r.region) as region,
        r.category is null or exists (select 1 from categories c where c.id = r.category) as category,
        r.source is null or exists (select 1 from units u where u.id = r.source) as source_unit,
        r.accused is null or exists (select 1 from units u where u.id = r.accused) as accused_unit,
        (select stamp from settings_version) as stamp
      from jsonb_to_recordset(${JSON.stringify(
        batch.map((b, i) => ({
          i,
          region: b.regionCode,
          category: b.categoryId,
          source: b.sourceUnitId,
          accused: b.accusedUnitId,
        })),
      )}::jsonb) as r(i int, region text, category uuid, source uuid, accused uuid)
      order by r.i`,
  );
  return {
    found: rows.map((r) => ({
      region: r.region,
      category: r.category,
      sourceUnit: r.source_unit,
      accusedUnit: r.accused_unit,
    })),
    settingsStamp: rows[0]?.stamp ?? '',
  };
}
