CREATE TABLE "stat_daily" (
	"viewer_id" uuid NOT NULL,
	"day" date NOT NULL,
	"region_code" text NOT NULL,
	"unit_id" uuid,
	"category_id" uuid,
	"channel" text NOT NULL,
	"purpose" text NOT NULL,
	"source" text NOT NULL,
	"leader_name" text,
	"persons" integer NOT NULL,
	"is_repeat" boolean NOT NULL,
	"is_skip_level" boolean NOT NULL,
	"concluded" boolean NOT NULL,
	"acceptance" smallint NOT NULL,
	"reply" smallint NOT NULL,
	"replied" boolean NOT NULL,
	"evaluation" text NOT NULL,
	"same_day" boolean NOT NULL,
	"report_approved" boolean NOT NULL,
	"resolved" boolean,
	"n" integer NOT NULL,
	"folded" boolean DEFAULT false NOT NULL
);
--> statement-breakpoint
CREATE TABLE "stat_daily_returns" (
	"viewer_id" uuid NOT NULL,
	"day" date NOT NULL,
	"region_code" text NOT NULL,
	"responsible_unit_id" uuid,
	"unit_id" uuid NOT NULL,
	"n" integer NOT NULL,
	"folded" boolean DEFAULT false NOT NULL
);
--> statement-breakpoint
-- Covering (hand-edited: INCLUDE every counted column): a report reads a viewer's days by an
-- index-only scan instead of fetching rows scattered over the heap.
CREATE INDEX "stat_daily_viewer_day_idx" ON "stat_daily" USING btree ("viewer_id","day") INCLUDE ("region_code", "unit_id", "category_id", "channel", "purpose", "source", "leader_name", "persons", "is_repeat", "is_skip_level", "concluded", "acceptance", "reply", "replied", "evaluation", "same_day", "report_approved", "resolved", "n");--> statement-breakpoint
CREATE INDEX "stat_daily_unfolded_idx" ON "stat_daily" USING btree ("day") WHERE not folded;--> statement-breakpoint
CREATE INDEX "stat_daily_returns_viewer_day_idx" ON "stat_daily_returns" USING btree ("viewer_id","day") INCLUDE ("region_code", "responsible_unit_id", "unit_id", "n");--> statement-breakpoint
CREATE INDEX "stat_daily_returns_unfolded_idx" ON "stat_daily_returns" USING btree ("day") WHERE not folded;--> statement-breakpoint
CREATE INDEX "petitions_acceptance_open_idx" ON "petitions" USING btree ("acceptance_due_on") WHERE acceptance_decided_on is null;--> statement-breakpoint
CREATE INDEX "petitions_reply_open_idx" ON "petitions" USING btree ("reply_due_on") WHERE replied_on is null;--> statement-breakpoint
CREATE INDEX "petitions_unrated_idx" ON "petitions" USING btree ("replied_on") WHERE coalesce(evaluation, '') = '';--> statement-breakpoint
-- The daily rollup of the statistics report (docs/statistics.md, "Daily rollup"). Every rule below
-- keeps one invariant: the sum of n over stat_daily equals, for each petition and each viewer (the
-- nil uuid, meaning the whole installation, and every unit of petition_visibility), one row of the
-- petition's statistic facts; stat_daily_returns likewise holds one row per returned route.
-- The triggers only append (no row is updated in place, so no writer waits on another); the
-- compaction job (stat_compact) folds the appended rows of a day together.
CREATE TYPE "stat_fact" AS (
	"day" date, "region_code" text, "unit_id" uuid, "category_id" uuid, "channel" text, "purpose" text,
	"source" text, "leader_name" text, "persons" integer, "is_repeat" boolean, "is_skip_level" boolean,
	"concluded" boolean, "acceptance" smallint, "reply" smallint, "replied" boolean, "evaluation" text,
	"same_day" boolean, "report_approved" boolean, "resolved" boolean
);
--> statement-breakpoint
-- What each figure of a petition counts (the definitions: domain/statistics/definitions.ts; the
-- figures that depend on the report date are completed from the rows, statistics.repo.ts).
CREATE FUNCTION "stat_fact"(p "petitions") RETURNS "stat_fact" LANGUAGE sql IMMUTABLE AS $$
	SELECT ROW(p.registered_on, p.region_code, p.responsible_unit_id, p.category_id, p.channel, p.purpose,
		p.source, p.leader_name, p.persons, p.is_repeat, p.is_skip_level,
		p.state IN ('filed', 'declined', 'refused', 'concluded', 'final'),
		(CASE WHEN p.acceptance_decided_on <= p.acceptance_due_on THEN 1
			WHEN p.acceptance_decided_on > p.acceptance_due_on THEN 2
			WHEN p.acceptance_due_on IS NOT NULL AND p.acceptance_decided_on IS NULL THEN 3 ELSE 0 END)::smallint,
		(CASE WHEN p.replied_on <= p.reply_due_on THEN 1
			WHEN p.replied_on > p.reply_due_on THEN 2
			WHEN p.reply_due_on IS NOT NULL AND p.replied_on IS NULL THEN 3 ELSE 0 END)::smallint,
		p.replied_on IS NOT NULL, coalesce(p.evaluation, ''), coalesce(p.first_triaged_on = p.registered_on, false),
		coalesce(p.report_approved, false), p.resolved)::"stat_fact"
$$;
--> statement-breakpoint
-- Who counts a petition: the whole installation (nil uuid) and every unit that sees it.
CREATE FUNCTION "stat_viewers"(petition uuid) RETURNS SETOF uuid LANGUAGE sql STABLE AS $$
	SELECT '00000000-0000-0000-0000-000000000000'::uuid
	UNION ALL SELECT v.unit_id FROM petition_visibility v WHERE v.petition_id = petition
$$;
--> statement-breakpoint
-- The INSERT adding sign × the facts of the rows of `source` (a query yielding f, a stat_fact, and
-- viewer_id). Built as text so that each trigger runs it against its own transition table. OFFSET 0
-- keeps the source a subquery, so stat_fact runs once per row (not once per field of (s.f).*).
CREATE FUNCTION "stat_facts_sql"(sign integer, source text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
	SELECT format('INSERT INTO stat_daily SELECT s.viewer_id, (s.f).*, (%s * count(*))::int FROM (%s OFFSET 0) s
		GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20', sign, source)
$$;
--> statement-breakpoint
-- The INSERT adding sign × the returned routes r of the petitions p of `from_where` (FROM … WHERE …
-- naming p, r and the viewer v).
CREATE FUNCTION "stat_returns_sql"(sign integer, from_where text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
	SELECT format('INSERT INTO stat_daily_returns
		SELECT v, p.registered_on, p.region_code, p.responsible_unit_id, r.unit_id, (%s * count(*))::int
		%s AND r.returned_on IS NOT NULL GROUP BY 1, 2, 3, 4, 5', sign, from_where)
$$;
--> statement-breakpoint
CREATE FUNCTION "stat_petitions_inserted"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	EXECUTE stat_facts_sql(1, 'SELECT stat_fact(p) AS f, v AS viewer_id FROM new_rows p CROSS JOIN LATERAL stat_viewers(p.id) v');
	EXECUTE stat_returns_sql(1, 'FROM new_rows p JOIN petition_routes r ON r.petition_id = p.id
		CROSS JOIN LATERAL stat_viewers(p.id) v WHERE true');
	RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION "stat_petitions_updated"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF EXISTS (SELECT 1 FROM old_rows o JOIN new_rows n ON n.id = o.id WHERE stat_fact(o) IS DISTINCT FROM stat_fact(n)) THEN
		EXECUTE stat_facts_sql(-1, 'SELECT stat_fact(p) AS f, v AS viewer_id FROM old_rows p JOIN new_rows n ON n.id = p.id
			CROSS JOIN LATERAL stat_viewers(p.id) v WHERE stat_fact(p) IS DISTINCT FROM stat_fact(n)');
		EXECUTE stat_facts_sql(1, 'SELECT stat_fact(p) AS f, v AS viewer_id FROM new_rows p JOIN old_rows o ON o.id = p.id
			CROSS JOIN LATERAL stat_viewers(p.id) v WHERE stat_fact(p) IS DISTINCT FROM stat_fact(o)');
	END IF;
	IF EXISTS (SELECT 1 FROM old_rows o JOIN new_rows n ON n.id = o.id
		WHERE (o.registered_on, o.region_code, o.responsible_unit_id) IS DISTINCT FROM (n.registered_on, n.region_code, n.responsible_unit_id)) THEN
		EXECUTE stat_returns_sql(-1, 'FROM old_rows p JOIN new_rows n ON n.id = p.id
			JOIN petition_routes r ON r.petition_id = p.id CROSS JOIN LATERAL stat_viewers(p.id) v
			WHERE (p.registered_on, p.region_code, p.responsible_unit_id) IS DISTINCT FROM (n.registered_on, n.region_code, n.responsible_unit_id)');
		EXECUTE stat_returns_sql(1, 'FROM new_rows p JOIN old_rows o ON o.id = p.id
			JOIN petition_routes r ON r.petition_id = p.id CROSS JOIN LATERAL stat_viewers(p.id) v
			WHERE (p.registered_on, p.region_code, p.responsible_unit_id) IS DISTINCT FROM (o.registered_on, o.region_code, o.responsible_unit_id)');
	END IF;
	RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION "stat_petitions_deleted"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	EXECUTE stat_facts_sql(-1, 'SELECT stat_fact(p) AS f, v AS viewer_id FROM old_rows p CROSS JOIN LATERAL stat_viewers(p.id) v');
	EXECUTE stat_returns_sql(-1, 'FROM old_rows p JOIN petition_routes r ON r.petition_id = p.id
		CROSS JOIN LATERAL stat_viewers(p.id) v WHERE true');
	RETURN NULL;
END $$;
--> statement-breakpoint
-- A unit starts (or stops) seeing petitions: their facts and returns count for it. FOR SHARE waits
-- for a concurrent change of the petition to commit and reads its new facts.
CREATE FUNCTION "stat_visibility_changed"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
	sign integer := CASE WHEN TG_OP = 'INSERT' THEN 1 ELSE -1 END;
	petitions_of text := '(SELECT * FROM petitions WHERE id IN (SELECT petition_id FROM changed_rows) FOR SHARE) p';
BEGIN
	EXECUTE stat_facts_sql(sign, 'SELECT stat_fact(p) AS f, cv.unit_id AS viewer_id FROM changed_rows cv JOIN '
		|| petitions_of || ' ON p.id = cv.petition_id');
	EXECUTE stat_returns_sql(sign, 'FROM (SELECT petition_id, unit_id AS v FROM changed_rows) cv JOIN ' || petitions_of
		|| ' ON p.id = cv.petition_id JOIN petition_routes r ON r.petition_id = p.id WHERE true');
	RETURN NULL;
END $$;
--> statement-breakpoint
-- A route is returned (退回), or a returned route changes or goes: the returns of every viewer.
CREATE FUNCTION "stat_routes_changed"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP IN ('UPDATE', 'DELETE') THEN
		EXECUTE stat_returns_sql(-1, 'FROM old_rows r
			JOIN (SELECT * FROM petitions WHERE id IN (SELECT petition_id FROM old_rows) FOR SHARE) p ON p.id = r.petition_id
			CROSS JOIN LATERAL stat_viewers(p.id) v WHERE true');
	END IF;
	IF TG_OP IN ('UPDATE', 'INSERT') THEN
		EXECUTE stat_returns_sql(1, 'FROM new_rows r
			JOIN (SELECT * FROM petitions WHERE id IN (SELECT petition_id FROM new_rows) FOR SHARE) p ON p.id = r.petition_id
			CROSS JOIN LATERAL stat_viewers(p.id) v WHERE true');
	END IF;
	RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "stat_petitions_inserted" AFTER INSERT ON "petitions" REFERENCING NEW TABLE AS new_rows
	FOR EACH STATEMENT EXECUTE FUNCTION stat_petitions_inserted();
--> statement-breakpoint
CREATE TRIGGER "stat_petitions_updated" AFTER UPDATE ON "petitions" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
	FOR EACH STATEMENT EXECUTE FUNCTION stat_petitions_updated();
--> statement-breakpoint
CREATE TRIGGER "stat_petitions_deleted" AFTER DELETE ON "petitions" REFERENCING OLD TABLE AS old_rows
	FOR EACH STATEMENT EXECUTE FUNCTION stat_petitions_deleted();
--> statement-breakpoint
CREATE TRIGGER "stat_visibility_inserted" AFTER INSERT ON "petition_visibility" REFERENCING NEW TABLE AS changed_rows
	FOR EACH STATEMENT EXECUTE FUNCTION stat_visibility_changed();
--> statement-breakpoint
CREATE TRIGGER "stat_visibility_deleted" AFTER DELETE ON "petition_visibility" REFERENCING OLD TABLE AS changed_rows
	FOR EACH STATEMENT EXECUTE FUNCTION stat_visibility_changed();
--> statement-breakpoint
CREATE TRIGGER "stat_routes_inserted" AFTER INSERT ON "petition_routes" REFERENCING NEW TABLE AS new_rows
	FOR EACH STATEMENT EXECUTE FUNCTION stat_routes_changed();
--> statement-breakpoint
CREATE TRIGGER "stat_routes_updated" AFTER UPDATE ON "petition_routes" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
	FOR EACH STATEMENT EXECUTE FUNCTION stat_routes_changed();
--> statement-breakpoint
CREATE TRIGGER "stat_routes_deleted" AFTER DELETE ON "petition_routes" REFERENCING OLD TABLE AS old_rows
	FOR EACH STATEMENT EXECUTE FUNCTION stat_routes_changed();
--> statement-breakpoint
-- Recomputes the rollup of the days from from_day on from the petitions (xinfang stats rebuild).
-- EXCLUSIVE waits for the writers in flight and holds new ones until the rebuild commits.
CREATE FUNCTION "stat_rebuild"(from_day date) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
	LOCK TABLE stat_daily, stat_daily_returns IN EXCLUSIVE MODE;
	DELETE FROM stat_daily WHERE day >= from_day;
	DELETE FROM stat_daily_returns WHERE day >= from_day;
	EXECUTE stat_facts_sql(1, format('SELECT stat_fact(p) AS f, v AS viewer_id FROM petitions p
		CROSS JOIN LATERAL stat_viewers(p.id) v WHERE p.registered_on >= %L', from_day));
	EXECUTE stat_returns_sql(1, format('FROM petitions p JOIN petition_routes r ON r.petition_id = p.id
		CROSS JOIN LATERAL stat_viewers(p.id) v WHERE p.registered_on >= %L', from_day));
	UPDATE stat_daily SET folded = true WHERE NOT folded AND day >= from_day;
	UPDATE stat_daily_returns SET folded = true WHERE NOT folded AND day >= from_day;
END $$;
--> statement-breakpoint
-- Folds the appended rows of each (viewer, day) with unfolded rows into one row per key; idempotent,
-- one compaction at a time. Rows appended meanwhile by uncommitted writers stay for the next run.
CREATE FUNCTION "stat_compact"() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
	PERFORM pg_advisory_xact_lock(7405512);
	WITH dirty AS (SELECT DISTINCT viewer_id, day FROM stat_daily WHERE NOT folded),
	gone AS (DELETE FROM stat_daily s USING dirty d WHERE s.viewer_id = d.viewer_id AND s.day = d.day RETURNING s.*)
	INSERT INTO stat_daily SELECT viewer_id, day, region_code, unit_id, category_id, channel, purpose, source,
		leader_name, persons, is_repeat, is_skip_level, concluded, acceptance, reply, replied, evaluation, same_day,
		report_approved, resolved, sum(n)::int, true
	FROM gone GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20 HAVING sum(n) <> 0;
	WITH dirty AS (SELECT DISTINCT viewer_id, day FROM stat_daily_returns WHERE NOT folded),
	gone AS (DELETE FROM stat_daily_returns s USING dirty d WHERE s.viewer_id = d.viewer_id AND s.day = d.day RETURNING s.*)
	INSERT INTO stat_daily_returns SELECT viewer_id, day, region_code, responsible_unit_id, unit_id, sum(n)::int, true
	FROM gone GROUP BY 1, 2, 3, 4, 5 HAVING sum(n) <> 0;
END $$;
--> statement-breakpoint
-- Backfill of the petitions already there.
SELECT stat_rebuild('0001-01-01');
