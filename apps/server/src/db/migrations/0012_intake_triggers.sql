-- Less database work per registration (docs/benchmarks.md, intake). Same rows written, same rollup.
--
-- Registration makes its petitions visible before it inserts them (register-batch.ts), so the rollup trigger of
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
