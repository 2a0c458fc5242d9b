CREATE TABLE "petition_visibility" (
	"petition_id" uuid NOT NULL,
	"unit_id" uuid NOT NULL,
	"registered_at" timestamp with time zone NOT NULL,
	CONSTRAINT "petition_visibility_petition_id_unit_id_pk" PRIMARY KEY("petition_id","unit_id")
);
--> statement-breakpoint
CREATE TABLE "audit_pending" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"at" text NOT NULL,
	"actor_user_id" uuid,
	"actor_unit_id" uuid,
	"action" text NOT NULL,
	"entity_type" text NOT NULL,
	"entity_id" text,
	"before" jsonb,
	"after" jsonb,
	"request_id" text,
	"ip" text
);
--> statement-breakpoint
CREATE INDEX "petition_visibility_unit_idx" ON "petition_visibility" USING btree ("unit_id","registered_at" DESC NULLS LAST,"petition_id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "petitioners_name_idx" ON "petitioners" USING btree ("name");--> statement-breakpoint
CREATE INDEX "petitions_registered_at_idx" ON "petitions" USING btree ("registered_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "petitions_state_registered_at_idx" ON "petitions" USING btree ("state","registered_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "petitions_case_no_idx" ON "petitions" USING btree ("case_no");--> statement-breakpoint
CREATE INDEX "petitions_external_no_idx" ON "petitions" USING btree ("external_no");--> statement-breakpoint
-- Backfill: the same rows as VISIBILITY_REBUILD_SQL (modules/petitions/petition-visibility.repo.ts).
INSERT INTO "petition_visibility" ("petition_id", "unit_id", "registered_at")
SELECT p.id, p.bureau_unit_id, p.registered_at FROM petitions p
UNION SELECT p.id, p.source_unit_id, p.registered_at FROM petitions p WHERE p.source_unit_id IS NOT NULL
UNION SELECT p.id, p.review_organ_id, p.registered_at FROM petitions p WHERE p.review_organ_id IS NOT NULL
UNION SELECT p.id, p.re_review_organ_id, p.registered_at FROM petitions p WHERE p.re_review_organ_id IS NOT NULL
UNION SELECT p.id, r.unit_id, p.registered_at FROM petition_routes r JOIN petitions p ON p.id = r.petition_id
UNION SELECT p.id, u.id, p.registered_at FROM units u JOIN petitions p ON u.kind = 'bureau' AND starts_with(p.region_code, (CASE
  WHEN length(u.region_code) > 6 THEN
    CASE WHEN length(regexp_replace(u.region_code, '(000)+$', '')) < 6 THEN left(u.region_code, 6)
      ELSE regexp_replace(u.region_code, '(000)+$', '') END
  WHEN right(u.region_code, 4) = '0000' THEN left(u.region_code, 2)
  WHEN right(u.region_code, 2) = '00' THEN left(u.region_code, 4)
  ELSE u.region_code END))
ON CONFLICT DO NOTHING;
