-- The people of a new petition get its bureau and registration time (migration 0009) by one probe of
-- petitioners_petition_idx per new petition, whatever the statistics say (docs/benchmarks.md, intake).
--
-- Migration 0009's UPDATE … FROM new_rows left the join to the planner. For a batch of a dozen registrations it chose
-- a hash join over every person whenever its estimate of petitioners.petition_id was off: on a small or growing table,
-- and after a large ledger import before autovacuum has analyzed it (1.27M people: a sequential scan per batch). The
-- writers supply the values since 0011, so this only repairs a person whose values differ; each probe finds the
-- petition's people (one or two) and updates none.
--
-- A bulk load that drops petitioners' indexes holds this trigger off: the ledger import (ledger-staging.repo.ts,
-- BULK_HELD_TRIGGERS) and the benchmark generator (bench/province.ts), which write the people after their petitions.
CREATE OR REPLACE FUNCTION "petitions_copy_to_new_petitioners"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
	n record;
BEGIN
	FOR n IN SELECT "id", "bureau_unit_id", "registered_at" FROM new_rows LOOP
		UPDATE "petitioners" pe SET "bureau_unit_id" = n."bureau_unit_id", "registered_at" = n."registered_at"
			WHERE pe."petition_id" = n."id" AND (pe."bureau_unit_id" IS DISTINCT FROM n."bureau_unit_id"
				OR pe."registered_at" IS DISTINCT FROM n."registered_at");
	END LOOP;
	RETURN NULL;
END $$;
