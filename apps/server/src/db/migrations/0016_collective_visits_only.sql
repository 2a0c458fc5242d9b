-- 集体访 is a visit (来访) of as many people as the bureau's threshold or more (domain/statistics/definitions.ts): a
-- joint letter or an online petition of many names is not one. The flag was set from 人数 alone; petitions of other
-- channels lose it (a visit keeps the flag it was registered with, under its bureau's threshold then). The flag marks
-- the lists and the case page; the statistics count 集体访 from 信访形式 and 人数, not from it.
UPDATE "petitions" SET "is_collective" = false WHERE "is_collective" AND "channel" <> 'visit';
