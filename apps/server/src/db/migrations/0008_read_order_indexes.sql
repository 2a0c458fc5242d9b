-- The list indexes in ascending key order: a backward scan serves `order by registered_at desc, id desc`
-- (DESC NULLS FIRST, the SQL default), which the former `DESC NULLS LAST` keys served in neither direction.
DROP INDEX "petition_visibility_unit_idx";--> statement-breakpoint
DROP INDEX "petitions_registered_at_idx";--> statement-breakpoint
DROP INDEX "petitions_state_registered_at_idx";--> statement-breakpoint
CREATE INDEX "petition_visibility_unit_idx" ON "petition_visibility" USING btree ("unit_id","registered_at","petition_id");--> statement-breakpoint
CREATE INDEX "petitions_registered_at_idx" ON "petitions" USING btree ("registered_at","id");--> statement-breakpoint
CREATE INDEX "petitions_state_registered_at_idx" ON "petitions" USING btree ("state","registered_at","id");