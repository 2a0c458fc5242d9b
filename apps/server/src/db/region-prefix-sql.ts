import { type SQL, sql } from 'drizzle-orm';

/**
 * `regionPrefix` (domain/region.ts) in SQL: the significant prefix of a GB/T 2260 code, whose
 * subtree is every code starting with it. Kept beside the TypeScript original and tested against it
 * (statistics-sql.test.ts); units store it for each bureau (`units.region_prefix`).
 */
export const regionPrefixSql = (code: SQL): SQL => sql`(case
  when length(${code}) > 6 then
    case when length(regexp_replace(${code}, '(000)+$', '')) < 6 then left(${code}, 6)
      else regexp_replace(${code}, '(000)+$', '') end
  when right(${code}, 4) = '0000' then left(${code}, 2)
  when right(${code}, 2) = '00' then left(${code}, 4)
  else ${code} end)`;
