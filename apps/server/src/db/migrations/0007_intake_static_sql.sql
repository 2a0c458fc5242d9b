CREATE TABLE "settings_version" (
	"id" boolean PRIMARY KEY DEFAULT true NOT NULL,
	"stamp" uuid DEFAULT gen_random_uuid() NOT NULL
);
--> statement-breakpoint
-- A single row, so a CHECK keeps it single; the row exists from the start.
ALTER TABLE "settings_version" ADD CONSTRAINT "settings_version_one_row" CHECK (id);--> statement-breakpoint
INSERT INTO "settings_version" DEFAULT VALUES;--> statement-breakpoint
CREATE FUNCTION "settings_version_bump"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	UPDATE settings_version SET stamp = gen_random_uuid();
	RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "settings_version_units" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "units"
	FOR EACH STATEMENT EXECUTE FUNCTION settings_version_bump();
--> statement-breakpoint
CREATE TRIGGER "settings_version_bureau_policies" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "bureau_policies"
	FOR EACH STATEMENT EXECUTE FUNCTION settings_version_bump();
--> statement-breakpoint
CREATE TRIGGER "settings_version_calendar_days" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "calendar_days"
	FOR EACH STATEMENT EXECUTE FUNCTION settings_version_bump();
--> statement-breakpoint
CREATE TRIGGER "settings_version_calendar_years" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "calendar_years"
	FOR EACH STATEMENT EXECUTE FUNCTION settings_version_bump();
--> statement-breakpoint
-- The rollup triggers of migration 0005 as static SQL: PL/pgSQL prepares each statement once per
-- session and reuses the plan (the EXECUTE of a text built per call planned every statement anew,
-- 2–5 ms each, three times per registration). Same statements, same invariant (0005's comments).
-- OFFSET 0 keeps the facts a subquery, so stat_fact runs once per row.
CREATE OR REPLACE FUNCTION "stat_petitions_inserted"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO stat_daily SELECT s.viewer_id, (s.f).*, count(*)::int
	FROM (SELECT stat_fact(p) AS f, v AS viewer_id FROM new_rows p CROSS JOIN LATERAL stat_viewers(p.id) v OFFSET 0) s
	GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20;
	INSERT INTO stat_daily_returns
	SELECT v, p.registered_on, p.region_code, p.responsible_unit_id, r.unit_id, count(*)::int
	FROM new_rows p JOIN petition_routes r ON r.petition_id = p.id CROSS JOIN LATERAL stat_viewers(p.id) v
	WHERE r.returned_on IS NOT NULL GROUP BY 1, 2, 3, 4, 5;
	RETURN NULL;
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION "stat_petitions_updated"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF EXISTS (SELECT 1 FROM old_rows o JOIN new_rows n ON n.id = o.id WHERE stat_fact(o) IS DISTINCT FROM stat_fact(n)) THEN
		INSERT INTO stat_daily SELECT s.viewer_id, (s.f).*, (-count(*))::int
		FROM (SELECT stat_fact(p) AS f, v AS viewer_id FROM old_rows p JOIN new_rows n ON n.id = p.id
			CROSS JOIN LATERAL stat_viewers(p.id) v WHERE stat_fact(p) IS DISTINCT FROM stat_fact(n) OFFSET 0) s
		GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20;
		INSERT INTO stat_daily SELECT s.viewer_id, (s.f).*, count(*)::int
		FROM (SELECT stat_fact(p) AS f, v AS viewer_id FROM new_rows p JOIN old_rows o ON o.id = p.id
			CROSS JOIN LATERAL stat_viewers(p.id) v WHERE stat_fact(p) IS DISTINCT FROM stat_fact(o) OFFSET 0) s
		GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20;
	END IF;
	IF EXISTS (SELECT 1 FROM old_rows o JOIN new_rows n ON n.id = o.id
		WHERE (o.registered_on, o.region_code, o.responsible_unit_id) IS DISTINCT FROM (n.registered_on, n.region_code, n.responsible_unit_id)) THEN
		INSERT INTO stat_daily_returns
		SELECT v, p.registered_on, p.region_code, p.responsible_unit_id, r.unit_id, (-count(*))::int
		FROM old_rows p JOIN new_rows n ON n.id = p.id
			JOIN petition_routes r ON r.petition_id = p.id CROSS JOIN LATERAL stat_viewers(p.id) v
		WHERE (p.registered_on, p.region_code, p.responsible_unit_id) IS DISTINCT FROM (n.registered_on, n.region_code, n.responsible_unit_id)
			AND r.returned_on IS NOT NULL
		GROUP BY 1, 2, 3, 4, 5;
		INSERT INTO stat_daily_returns
		SELECT v, p.registered_on, p.region_code, p.responsible_unit_id, r.unit_id, count(*)::int
		FROM new_rows p JOIN old_rows o ON o.id = p.id
			JOIN petition_routes r ON r.petition_id = p.id CROSS JOIN LATERAL stat_viewers(p.id) v
		WHERE (p.registered_on, p.region_code, p.responsible_unit_id) IS DISTINCT FROM (o.registered_on, o.region_code, o.responsible_unit_id)
			AND r.returned_on IS NOT NULL
		GROUP BY 1, 2, 3, 4, 5;
	END IF;
	RETURN NULL;
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION "stat_petitions_deleted"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO stat_daily SELECT s.viewer_id, (s.f).*, (-count(*))::int
	FROM (SELECT stat_fact(p) AS f, v AS viewer_id FROM old_rows p CROSS JOIN LATERAL stat_viewers(p.id) v OFFSET 0) s
	GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20;
	INSERT INTO stat_daily_returns
	SELECT v, p.registered_on, p.region_code, p.responsible_unit_id, r.unit_id, (-count(*))::int
	FROM old_rows p JOIN petition_routes r ON r.petition_id = p.id CROSS JOIN LATERAL stat_viewers(p.id) v
	WHERE r.returned_on IS NOT NULL GROUP BY 1, 2, 3, 4, 5;
	RETURN NULL;
END $$;
--> statement-breakpoint
-- A unit starts (or stops) seeing petitions: their facts and returns count for it. FOR SHARE waits
-- for a concurrent change of the petition to commit and reads its new facts.
CREATE OR REPLACE FUNCTION "stat_visibility_changed"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
	k integer := CASE WHEN TG_OP = 'INSERT' THEN 1 ELSE -1 END;
BEGIN
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
--> statement-breakpoint
-- A route is returned (退回), or a returned route changes or goes: the returns of every viewer.
CREATE OR REPLACE FUNCTION "stat_routes_changed"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP IN ('UPDATE', 'DELETE') THEN
		INSERT INTO stat_daily_returns
		SELECT v, p.registered_on, p.region_code, p.responsible_unit_id, r.unit_id, (-count(*))::int
		FROM old_rows r
			JOIN (SELECT * FROM petitions WHERE id IN (SELECT petition_id FROM old_rows) FOR SHARE) p ON p.id = r.petition_id
			CROSS JOIN LATERAL stat_viewers(p.id) v
		WHERE r.returned_on IS NOT NULL GROUP BY 1, 2, 3, 4, 5;
	END IF;
	IF TG_OP IN ('UPDATE', 'INSERT') THEN
		INSERT INTO stat_daily_returns
		SELECT v, p.registered_on, p.region_code, p.responsible_unit_id, r.unit_id, count(*)::int
		FROM new_rows r
			JOIN (SELECT * FROM petitions WHERE id IN (SELECT petition_id FROM new_rows) FOR SHARE) p ON p.id = r.petition_id
			CROSS JOIN LATERAL stat_viewers(p.id) v
		WHERE r.returned_on IS NOT NULL GROUP BY 1, 2, 3, 4, 5;
	END IF;
	RETURN NULL;
END $$;
