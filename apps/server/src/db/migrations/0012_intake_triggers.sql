-- Less database work per registration (docs/benchmarks.md, intake). Same rows written, same rollup.
--
-- 1. The people of a new petition carry its bureau and registration time from their writer (migration 0011), so
--    the petitions' AFTER INSERT copy almost never has anything to do; but its UPDATE … FROM new_rows was planned as
--    a hash join over the whole petitioners table (2.6 ms per batch of 8 registrations on 11,000 people, growing
--    with the table). It now first asks whether any new petition's people differ (a semi-join the planner places:
--    a probe of petitioners(petition_id) per new petition, or one hash of petitioners where that index is gone, as
--    during the benchmark generator's load; a forced probe there scanned every person once per new petition) and
--    updates only when one of them differs: the same rows are written as before, and the trigger
--    keeps its name, which the ledger import holds (ledger-staging.repo.ts BULK_HELD_TRIGGERS).
CREATE OR REPLACE FUNCTION "petitions_copy_to_new_petitioners"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM new_rows n WHERE EXISTS (SELECT 1 FROM "petitioners" pe
      WHERE pe."petition_id" = n."id" AND (pe."bureau_unit_id" IS DISTINCT FROM n."bureau_unit_id"
        OR pe."registered_at" IS DISTINCT FROM n."registered_at"))) THEN
    UPDATE "petitioners" pe SET "bureau_unit_id" = n."bureau_unit_id", "registered_at" = n."registered_at"
      FROM new_rows n
      WHERE pe."petition_id" = n."id" AND (pe."bureau_unit_id" IS DISTINCT FROM n."bureau_unit_id"
        OR pe."registered_at" IS DISTINCT FROM n."registered_at");
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
-- 2. Registration makes its petitions visible before it inserts them (register-batch.ts), so the rollup trigger of
--    petition_visibility finds none of them and the petitions' own trigger counts their viewers. Its two statements
--    still cost 1–5 ms per batch of registrations (planning the 20-column grouping, every call) to find nothing. A
--    probe by primary key now returns first when none of the rows' petitions exists; otherwise the statements of
--    migration 0007 run unchanged (their FOR SHARE still waits for a concurrent change of a petition the probe saw;
--    one the probe cannot see, the FOR SHARE could not either).
CREATE OR REPLACE FUNCTION "stat_visibility_changed"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
	k integer := CASE WHEN TG_OP = 'INSERT' THEN 1 ELSE -1 END;
BEGIN
	IF NOT EXISTS (SELECT 1 FROM changed_rows cv
		CROSS JOIN LATERAL (SELECT 1 FROM petitions p WHERE p.id = cv.petition_id OFFSET 0) found) THEN
		RETURN NULL;
	END IF;
	INSERT INTO stat_daily SELECT s.viewer_id, (s.f).*, (k * count(*))::int
	FROM (SELECT stat_fact(p) AS f, cv.unit_id AS viewer_id FROM changed_rows cv
		JOIN (SELECT * FROM petitions WHERE id IN (SELECT petition_id FROM changed_rows) FOR SHARE) p ON p.id = cv.petition_id
		OFFSET 0) s
	GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20;
	INSERT INTO stat_daily_returns
	SELECT cv.unit_id, p.registered_on, p.region_code, p.responsible_unit_id, r.unit_id, (k * count(*))::int
	FROM changed_rows cv
		JOIN (SELECT * FROM petitions WHERE id IN (SELECT petition_id FROM changed_rows) FOR SHARE) p ON p.id = cv.petition_id
		JOIN petition_routes r ON r.petition_id = p.id
	WHERE r.returned_on IS NOT NULL GROUP BY 1, 2, 3, 4, 5;
	RETURN NULL;
END $$;
