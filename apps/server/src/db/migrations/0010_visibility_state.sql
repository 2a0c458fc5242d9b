-- State-filtered lists bounded by their page: each visibility row carries its petition's state, so a unit's list
-- of some states reads (unit, state, registered_at) entries newest first and stops after a page, and its exact
-- count is an index-only count of those ranges. Writers of visibility rows give the state (registration writes
-- them before the petition row, with the state it then inserts; the others read it from the petition); a trigger
-- carries every state change. The statistics triggers on petition_visibility fire on INSERT and DELETE only: an
-- UPDATE of the state leaves stat_daily alone.
ALTER TABLE "petition_visibility" ADD COLUMN "state" text;--> statement-breakpoint
UPDATE "petition_visibility" v SET "state" = p."state" FROM "petitions" p WHERE p."id" = v."petition_id";--> statement-breakpoint
-- A row whose petition is gone makes nothing visible.
DELETE FROM "petition_visibility" WHERE "state" IS NULL;--> statement-breakpoint
ALTER TABLE "petition_visibility" ALTER COLUMN "state" SET NOT NULL;--> statement-breakpoint
CREATE FUNCTION "petitions_state_to_visibility"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "petition_visibility" SET "state" = NEW."state" WHERE "petition_id" = NEW."id";
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER "petitions_state_to_visibility" AFTER UPDATE OF "state" ON "petitions"
  FOR EACH ROW WHEN (OLD."state" IS DISTINCT FROM NEW."state")
  EXECUTE FUNCTION "petitions_state_to_visibility"();--> statement-breakpoint
CREATE INDEX "petition_visibility_unit_state_idx" ON "petition_visibility" USING btree ("unit_id","state","registered_at","petition_id");
