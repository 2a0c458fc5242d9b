CREATE TABLE "deliveries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"document_id" uuid NOT NULL,
	"petition_id" uuid NOT NULL,
	"method" text NOT NULL,
	"delivered_on" date NOT NULL,
	"tracking_no" text,
	"note" text,
	"receipt_attachment_id" uuid,
	"recorded_by" uuid,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "hearings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"petition_id" uuid NOT NULL,
	"start_on" date NOT NULL,
	"end_on" date NOT NULL,
	"place" text NOT NULL,
	"participants" text NOT NULL,
	"minutes_attachment_id" uuid,
	"recorded_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "recusals" (
	"petition_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"reason" text NOT NULL,
	"recorded_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "recusals_petition_id_user_id_pk" PRIMARY KEY("petition_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "bureau_policies" (
	"unit_id" uuid PRIMARY KEY NOT NULL,
	"patch" jsonb NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "unit_upper_organs" (
	"unit_id" uuid NOT NULL,
	"upper_unit_id" uuid NOT NULL,
	"relation" text NOT NULL,
	CONSTRAINT "unit_upper_organs_unit_id_upper_unit_id_pk" PRIMARY KEY("unit_id","upper_unit_id")
);
--> statement-breakpoint
ALTER TABLE "petition_routes" ALTER COLUMN "sent_on" SET DATA TYPE date USING "sent_on"::date;--> statement-breakpoint
ALTER TABLE "petition_routes" ALTER COLUMN "signed_on" SET DATA TYPE date USING "signed_on"::date;--> statement-breakpoint
ALTER TABLE "petition_routes" ALTER COLUMN "returned_on" SET DATA TYPE date USING "returned_on"::date;--> statement-breakpoint
ALTER TABLE "petitions" ALTER COLUMN "registered_on" SET DATA TYPE date USING "registered_on"::date;--> statement-breakpoint
ALTER TABLE "petitions" ALTER COLUMN "first_triaged_on" SET DATA TYPE date USING "first_triaged_on"::date;--> statement-breakpoint
ALTER TABLE "petitions" ALTER COLUMN "transferred_on" SET DATA TYPE date USING "transferred_on"::date;--> statement-breakpoint
ALTER TABLE "petitions" ALTER COLUMN "acceptance_due_on" SET DATA TYPE date USING "acceptance_due_on"::date;--> statement-breakpoint
ALTER TABLE "petitions" ALTER COLUMN "accepted_on" SET DATA TYPE date USING "accepted_on"::date;--> statement-breakpoint
ALTER TABLE "petitions" ALTER COLUMN "acceptance_decided_on" SET DATA TYPE date USING "acceptance_decided_on"::date;--> statement-breakpoint
ALTER TABLE "petitions" ALTER COLUMN "reply_due_on" SET DATA TYPE date USING "reply_due_on"::date;--> statement-breakpoint
ALTER TABLE "petitions" ALTER COLUMN "replied_on" SET DATA TYPE date USING "replied_on"::date;--> statement-breakpoint
ALTER TABLE "petitions" ALTER COLUMN "evaluated_on" SET DATA TYPE date USING "evaluated_on"::date;--> statement-breakpoint
ALTER TABLE "petitions" ALTER COLUMN "concluded_on" SET DATA TYPE date USING "concluded_on"::date;--> statement-breakpoint
ALTER TABLE "petitions" ALTER COLUMN "review_requested_on" SET DATA TYPE date USING "review_requested_on"::date;--> statement-breakpoint
ALTER TABLE "petitions" ALTER COLUMN "reviewed_on" SET DATA TYPE date USING "reviewed_on"::date;--> statement-breakpoint
ALTER TABLE "petitions" ALTER COLUMN "re_review_requested_on" SET DATA TYPE date USING "re_review_requested_on"::date;--> statement-breakpoint
ALTER TABLE "petitions" ALTER COLUMN "re_reviewed_on" SET DATA TYPE date USING "re_reviewed_on"::date;--> statement-breakpoint
ALTER TABLE "petitions" ALTER COLUMN "final_on" SET DATA TYPE date USING "final_on"::date;--> statement-breakpoint
ALTER TABLE "petitions" ALTER COLUMN "reported_on" SET DATA TYPE date USING "reported_on"::date;--> statement-breakpoint
ALTER TABLE "petitions" ALTER COLUMN "stage_start_on" SET DATA TYPE date USING "stage_start_on"::date;--> statement-breakpoint
ALTER TABLE "petitions" ALTER COLUMN "stage_due_on" SET DATA TYPE date USING "stage_due_on"::date;--> statement-breakpoint
ALTER TABLE "calendar_days" DROP CONSTRAINT "calendar_days_pkey";--> statement-breakpoint
ALTER TABLE "calendar_days" ADD COLUMN "scope" text DEFAULT 'national' NOT NULL;--> statement-breakpoint
ALTER TABLE "calendar_days" ALTER COLUMN "date" SET DATA TYPE date USING "date"::date;--> statement-breakpoint
ALTER TABLE "calendar_days" ADD CONSTRAINT "calendar_days_scope_date_pk" PRIMARY KEY("scope","date");--> statement-breakpoint
ALTER TABLE "documents" ADD COLUMN "redacted_content" text;--> statement-breakpoint
ALTER TABLE "documents" ADD COLUMN "addressee" text DEFAULT 'petitioner' NOT NULL;--> statement-breakpoint
ALTER TABLE "documents" ADD COLUMN "issuer_unit_id" uuid;--> statement-breakpoint
ALTER TABLE "documents" ADD COLUMN "recorded_by_unit_id" uuid;--> statement-breakpoint
ALTER TABLE "petition_routes" ADD COLUMN "received_on" date;--> statement-breakpoint
UPDATE "petition_routes" SET "received_on" = "sent_on";--> statement-breakpoint
ALTER TABLE "petition_routes" ALTER COLUMN "received_on" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "petitions" ADD COLUMN "received_on" date;--> statement-breakpoint
ALTER TABLE "petitions" ADD COLUMN "reply_unit_id" uuid;--> statement-breakpoint
ALTER TABLE "petitions" ADD COLUMN "reply_served_on" date;--> statement-breakpoint
ALTER TABLE "petitions" ADD COLUMN "review_served_on" date;--> statement-breakpoint
ALTER TABLE "petitions" ADD COLUMN "re_review_served_on" date;--> statement-breakpoint
ALTER TABLE "petitions" ADD COLUMN "review_organ_id" uuid;--> statement-breakpoint
ALTER TABLE "petitions" ADD COLUMN "re_review_organ_id" uuid;--> statement-breakpoint
ALTER TABLE "petitions" ADD COLUMN "hearing_days" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "petitions" ADD COLUMN "pending_deliveries" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "petitions" ADD COLUMN "resolved" boolean;--> statement-breakpoint
ALTER TABLE "petitions" ADD COLUMN "resolution_note" text;--> statement-breakpoint
ALTER TABLE "petitions" ADD COLUMN "assignee_user_id" uuid;--> statement-breakpoint
ALTER TABLE "units" ADD COLUMN "doc_abbrev" text;--> statement-breakpoint
CREATE UNIQUE INDEX "deliveries_document_uq" ON "deliveries" USING btree ("document_id");--> statement-breakpoint
CREATE INDEX "deliveries_petition_idx" ON "deliveries" USING btree ("petition_id");--> statement-breakpoint
CREATE INDEX "hearings_petition_idx" ON "hearings" USING btree ("petition_id");--> statement-breakpoint
CREATE INDEX "recusals_user_idx" ON "recusals" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "petitions_assignee_idx" ON "petitions" USING btree ("assignee_user_id");;--> statement-breakpoint
UPDATE "documents" SET "addressee" = 'unit' WHERE "kind" IN ('transfer', 'supervision');--> statement-breakpoint
UPDATE "petitions" p SET "received_on" = (SELECT max(r."received_on") FROM "petition_routes" r WHERE r."petition_id" = p."id" AND r."active");--> statement-breakpoint
UPDATE "petitions" SET "reply_unit_id" = coalesce("responsible_unit_id", "bureau_unit_id") WHERE "replied_on" IS NOT NULL;--> statement-breakpoint
UPDATE "petitions" p SET "pending_deliveries" = (SELECT count(*) FROM "documents" d WHERE d."petition_id" = p."id" AND d."addressee" = 'petitioner');
