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
	-- Each petition found by its primary key (OFFSET 0 keeps each lookup a probe, so a chunk costs its own
	-- rows whatever the size of the table), its facts computed once, then counted for the whole installation
	-- and for each unit that sees it: a join the planner can hash.
	EXECUTE stat_facts_sql(sign, format('WITH n AS MATERIALIZED (SELECT p.id, stat_fact(p) AS f FROM (%s) AS chosen(id)
			CROSS JOIN LATERAL (SELECT * FROM petitions p WHERE p.id = chosen.id OFFSET 0) p)
		SELECT n.f, %L::uuid AS viewer_id FROM n
		UNION ALL SELECT n.f, v.unit_id FROM n JOIN petition_visibility v ON v.petition_id = n.id',
		petition_ids, '00000000-0000-0000-0000-000000000000'));
	EXECUTE stat_returns_sql(sign, format('FROM (%s) AS chosen(id) JOIN petitions p ON p.id = chosen.id
		JOIN petition_routes r ON r.petition_id = p.id CROSS JOIN LATERAL stat_viewers(p.id) v WHERE true', petition_ids));
END $$;
