-- Person lookups bounded by their page: each petitioner row carries its petition's registering bureau and
-- registration time, so the repeat lookup reads (blind index, bureau, registered_at) entries newest first and
-- stops after ten, and a name search reads (name, registered_at) entries newest first. A trigger keeps the copy:
-- every writer of petitioners (registration, ledger import, bulk loads) gets it without knowing of it.
DROP INDEX "petitioners_id_number_idx";--> statement-breakpoint
DROP INDEX "petitioners_phone_idx";--> statement-breakpoint
DROP INDEX "petitioners_name_idx";--> statement-breakpoint
ALTER TABLE "petitioners" ADD COLUMN "bureau_unit_id" uuid;--> statement-breakpoint
ALTER TABLE "petitioners" ADD COLUMN "registered_at" timestamp with time zone;--> statement-breakpoint
UPDATE "petitioners" pe SET "bureau_unit_id" = p."bureau_unit_id", "registered_at" = p."registered_at"
  FROM "petitions" p WHERE p."id" = pe."petition_id";--> statement-breakpoint
CREATE FUNCTION "petitioners_copy_petition"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  SELECT p."bureau_unit_id", p."registered_at" INTO NEW."bureau_unit_id", NEW."registered_at"
    FROM "petitions" p WHERE p."id" = NEW."petition_id";
  RETURN NEW;
END $$;--> statement-breakpoint
CREATE TRIGGER "petitioners_copy_petition" BEFORE INSERT OR UPDATE OF "petition_id" ON "petitioners"
  FOR EACH ROW EXECUTE FUNCTION "petitioners_copy_petition"();--> statement-breakpoint
-- Registration writes the people before the petition row (its case-number lock is taken last): the petition's
-- insert fills them in.
CREATE FUNCTION "petitions_copy_to_new_petitioners"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "petitioners" pe SET "bureau_unit_id" = n."bureau_unit_id", "registered_at" = n."registered_at"
    FROM new_rows n
    WHERE pe."petition_id" = n."id" AND (pe."bureau_unit_id" IS DISTINCT FROM n."bureau_unit_id"
      OR pe."registered_at" IS DISTINCT FROM n."registered_at");
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER "petitions_copy_to_new_petitioners" AFTER INSERT ON "petitions" REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION "petitions_copy_to_new_petitioners"();--> statement-breakpoint
CREATE FUNCTION "petitions_copy_to_petitioners"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "petitioners" SET "bureau_unit_id" = NEW."bureau_unit_id", "registered_at" = NEW."registered_at"
    WHERE "petition_id" = NEW."id";
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER "petitions_copy_to_petitioners" AFTER UPDATE OF "bureau_unit_id", "registered_at" ON "petitions"
  FOR EACH ROW WHEN (OLD."bureau_unit_id" IS DISTINCT FROM NEW."bureau_unit_id"
    OR OLD."registered_at" IS DISTINCT FROM NEW."registered_at")
  EXECUTE FUNCTION "petitions_copy_to_petitioners"();--> statement-breakpoint
CREATE INDEX "petitioners_id_number_idx" ON "petitioners" USING btree ("id_number_index","bureau_unit_id","registered_at");--> statement-breakpoint
CREATE INDEX "petitioners_phone_idx" ON "petitioners" USING btree ("phone_index","bureau_unit_id","registered_at");--> statement-breakpoint
CREATE INDEX "petitioners_name_idx" ON "petitioners" USING btree ("name","registered_at","petition_id");
