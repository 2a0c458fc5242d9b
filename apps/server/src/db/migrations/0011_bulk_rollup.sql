-- Bulk loads at the database's speed (docs/statistics.md, "Daily rollup"; docs/benchmarks.md, ledger import).
--
-- 1. A petitioner row copies its petition's bureau and registration time (migration 0009). A writer that
--    knows them (registration, the ledger import) now supplies them and the trigger only fills what is
--    missing: no lookup of the petition per row, and registration no longer rewrites the people it just
--    wrote once the petition row is in. A change of petition_id always copies from the petition.
DROP TRIGGER "petitioners_copy_petition" ON "petitioners";--> statement-breakpoint
CREATE TRIGGER "petitioners_copy_petition" BEFORE INSERT ON "petitioners"
  FOR EACH ROW WHEN (NEW."bureau_unit_id" IS NULL OR NEW."registered_at" IS NULL)
  EXECUTE FUNCTION "petitioners_copy_petition"();--> statement-breakpoint
CREATE TRIGGER "petitioners_copy_petition_moved" BEFORE UPDATE OF "petition_id" ON "petitioners"
  FOR EACH ROW EXECUTE FUNCTION "petitioners_copy_petition"();--> statement-breakpoint
-- 2. What the rollup triggers count for the petitions that `petition_ids` (a query yielding petition ids) selects,
--    added (sign 1) or taken away (sign −1) in one pass: for a bulk load that holds the insert and update triggers of
--    petitions and the insert trigger of petition_visibility off inside its own transaction (ALTER TABLE … DISABLE
--    TRIGGER, rolled back with it). It takes away what the rows it will change counted before, writes, then counts
--    every row it wrote once from the table — instead of a transition table of whole rows and a FOR SHARE lock of
--    each petition per visibility row. The invariant of migration 0005 holds at commit: one row of facts per petition
--    and viewer, one per returned route.
CREATE FUNCTION "stat_count_petitions"(sign integer, petition_ids text) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
	-- Each petition found by its primary key and its viewers by theirs (OFFSET 0 and the lateral stat_viewers keep
	-- each lookup a probe, so a chunk costs its own rows whatever the size of the tables), its facts computed once.
	EXECUTE stat_facts_sql(sign, format('WITH n AS MATERIALIZED (SELECT p.id, stat_fact(p) AS f FROM (%s) AS chosen(id)
			CROSS JOIN LATERAL (SELECT * FROM petitions p WHERE p.id = chosen.id OFFSET 0) p)
		SELECT n.f, v AS viewer_id FROM n CROSS JOIN LATERAL stat_viewers(n.id) v', petition_ids));
	EXECUTE stat_returns_sql(sign, format('FROM (%s) AS chosen(id)
		CROSS JOIN LATERAL (SELECT * FROM petitions p WHERE p.id = chosen.id OFFSET 0) p
		CROSS JOIN LATERAL (SELECT * FROM petition_routes r WHERE r.petition_id = p.id OFFSET 0) r
		CROSS JOIN LATERAL stat_viewers(p.id) v WHERE true', petition_ids));
END $$;
