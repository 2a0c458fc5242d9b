CREATE TABLE "sessions" (
	"token_hash" text PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"csrf_token" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"ip" text
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"username" text NOT NULL,
	"display_name" text NOT NULL,
	"unit_id" uuid NOT NULL,
	"roles" text[] NOT NULL,
	"can_view_personal_data" boolean DEFAULT false NOT NULL,
	"region_grant" text,
	"password_hash" text NOT NULL,
	"must_change_password" boolean DEFAULT false NOT NULL,
	"failed_attempts" integer DEFAULT 0 NOT NULL,
	"locked_until" timestamp with time zone,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "users_username_unique" UNIQUE("username")
);
--> statement-breakpoint
CREATE TABLE "attachments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"petition_id" uuid NOT NULL,
	"file_name" text NOT NULL,
	"content_type" text NOT NULL,
	"size" integer NOT NULL,
	"sha256" text NOT NULL,
	"storage_key" text NOT NULL,
	"uploaded_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "case_counters" (
	"bureau_unit_id" uuid NOT NULL,
	"year" integer NOT NULL,
	"kind" text DEFAULT 'case' NOT NULL,
	"last" integer NOT NULL,
	CONSTRAINT "case_counters_bureau_unit_id_year_kind_pk" PRIMARY KEY("bureau_unit_id","year","kind")
);
--> statement-breakpoint
CREATE TABLE "documents" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"petition_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"document_no" text NOT NULL,
	"file_name" text NOT NULL,
	"content" text NOT NULL,
	"redacted" boolean DEFAULT false NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "evaluations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"petition_id" uuid NOT NULL,
	"result" text NOT NULL,
	"channel" text NOT NULL,
	"recorded_by" uuid,
	"comment" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "idempotency_keys" (
	"key" text PRIMARY KEY NOT NULL,
	"user_id" uuid,
	"response" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "petition_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"petition_id" uuid NOT NULL,
	"action" text NOT NULL,
	"actor_user_id" uuid,
	"actor_unit_id" uuid,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"from_state" text,
	"to_state" text,
	"data" jsonb NOT NULL,
	"document_id" uuid
);
--> statement-breakpoint
CREATE TABLE "petition_routes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"petition_id" uuid NOT NULL,
	"unit_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"sent_on" text NOT NULL,
	"sent_by" uuid,
	"signed_on" text,
	"returned_on" text,
	"return_reason" text,
	"active" boolean DEFAULT true NOT NULL
);
--> statement-breakpoint
CREATE TABLE "petitioners" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"petition_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"name" text NOT NULL,
	"id_number_cipher" text,
	"id_number_index" text,
	"phone_cipher" text,
	"phone_index" text,
	"address" text
);
--> statement-breakpoint
CREATE TABLE "petitions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"case_no" text NOT NULL,
	"external_no" text,
	"bureau_unit_id" uuid NOT NULL,
	"region_code" text NOT NULL,
	"channel" text NOT NULL,
	"purpose" text NOT NULL,
	"category_id" uuid,
	"source" text NOT NULL,
	"source_unit_id" uuid,
	"source_note" text,
	"persons" integer NOT NULL,
	"is_collective" boolean NOT NULL,
	"is_skip_level" boolean DEFAULT false NOT NULL,
	"is_repeat" boolean DEFAULT false NOT NULL,
	"repeat_of_id" uuid,
	"confidential" boolean DEFAULT false NOT NULL,
	"accused_unit_id" uuid,
	"leader_name" text,
	"title" text NOT NULL,
	"content" text NOT NULL,
	"search_vector" "tsvector",
	"state" text NOT NULL,
	"triage" text,
	"responsible_unit_id" uuid,
	"registered_at" timestamp with time zone NOT NULL,
	"registered_on" text NOT NULL,
	"registered_by" uuid,
	"first_triaged_on" text,
	"transferred_on" text,
	"acceptance_due_on" text,
	"accepted_on" text,
	"acceptance_decided_on" text,
	"reply_due_on" text,
	"extension_days" integer DEFAULT 0 NOT NULL,
	"replied_on" text,
	"reply_outcome" text,
	"evaluation" text,
	"evaluated_on" text,
	"concluded_on" text,
	"review_requested_on" text,
	"reviewed_on" text,
	"re_review_requested_on" text,
	"re_reviewed_on" text,
	"final_on" text,
	"reported_on" text,
	"report_approved" boolean,
	"bounce_count" integer DEFAULT 0 NOT NULL,
	"stage" text,
	"stage_start_on" text,
	"stage_days" integer,
	"stage_day_mode" text,
	"stage_due_on" text,
	"deadline_warnings" jsonb,
	"query_code" text NOT NULL,
	"query_secret_hash" text NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "calendar_days" (
	"date" text PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"name" text,
	"source" text DEFAULT 'override' NOT NULL
);
--> statement-breakpoint
CREATE TABLE "calendar_years" (
	"year" integer PRIMARY KEY NOT NULL,
	"imported_at" timestamp with time zone DEFAULT now() NOT NULL,
	"note" text
);
--> statement-breakpoint
CREATE TABLE "categories" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"parent_id" uuid,
	"sort" integer DEFAULT 0 NOT NULL,
	"active" boolean DEFAULT true NOT NULL
);
--> statement-breakpoint
CREATE TABLE "notice_templates" (
	"kind" text PRIMARY KEY NOT NULL,
	"template" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "regions" (
	"code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"parent_code" text,
	"level" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "settings" (
	"key" text PRIMARY KEY NOT NULL,
	"value" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "units" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"region_code" text NOT NULL,
	"parent_id" uuid,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "audit_log" (
	"seq" bigint PRIMARY KEY NOT NULL,
	"at" text NOT NULL,
	"actor_user_id" uuid,
	"actor_unit_id" uuid,
	"action" text NOT NULL,
	"entity_type" text NOT NULL,
	"entity_id" text,
	"before" jsonb,
	"after" jsonb,
	"request_id" text,
	"ip" text,
	"algorithm" text NOT NULL,
	"prev_hash" text NOT NULL,
	"hash" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "outbox" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"topic" text NOT NULL,
	"payload" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"available_at" timestamp with time zone DEFAULT now() NOT NULL,
	"processed_at" timestamp with time zone,
	"attempts" bigint DEFAULT 0 NOT NULL,
	"last_error" text
);
--> statement-breakpoint
CREATE INDEX "sessions_user_idx" ON "sessions" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "users_unit_idx" ON "users" USING btree ("unit_id");--> statement-breakpoint
CREATE INDEX "attachments_petition_idx" ON "attachments" USING btree ("petition_id");--> statement-breakpoint
CREATE INDEX "documents_petition_idx" ON "documents" USING btree ("petition_id");--> statement-breakpoint
CREATE INDEX "evaluations_petition_idx" ON "evaluations" USING btree ("petition_id");--> statement-breakpoint
CREATE INDEX "petition_events_petition_idx" ON "petition_events" USING btree ("petition_id","id");--> statement-breakpoint
CREATE INDEX "petition_routes_petition_idx" ON "petition_routes" USING btree ("petition_id");--> statement-breakpoint
CREATE INDEX "petition_routes_unit_idx" ON "petition_routes" USING btree ("unit_id");--> statement-breakpoint
CREATE INDEX "petitioners_petition_idx" ON "petitioners" USING btree ("petition_id");--> statement-breakpoint
CREATE INDEX "petitioners_id_number_idx" ON "petitioners" USING btree ("id_number_index");--> statement-breakpoint
CREATE INDEX "petitioners_phone_idx" ON "petitioners" USING btree ("phone_index");--> statement-breakpoint
CREATE UNIQUE INDEX "petitions_case_no_uq" ON "petitions" USING btree ("bureau_unit_id","case_no");--> statement-breakpoint
CREATE UNIQUE INDEX "petitions_query_code_uq" ON "petitions" USING btree ("query_code");--> statement-breakpoint
CREATE UNIQUE INDEX "petitions_external_no_uq" ON "petitions" USING btree ("bureau_unit_id","external_no");--> statement-breakpoint
CREATE INDEX "petitions_registered_on_idx" ON "petitions" USING btree ("registered_on");--> statement-breakpoint
CREATE INDEX "petitions_state_idx" ON "petitions" USING btree ("state");--> statement-breakpoint
CREATE INDEX "petitions_region_idx" ON "petitions" USING btree ("region_code");--> statement-breakpoint
CREATE INDEX "petitions_responsible_idx" ON "petitions" USING btree ("responsible_unit_id");--> statement-breakpoint
CREATE INDEX "petitions_stage_due_idx" ON "petitions" USING btree ("stage_due_on");--> statement-breakpoint
CREATE INDEX "petitions_repeat_of_idx" ON "petitions" USING btree ("repeat_of_id");--> statement-breakpoint
CREATE INDEX "petitions_bureau_registered_idx" ON "petitions" USING btree ("bureau_unit_id","registered_on");--> statement-breakpoint
CREATE INDEX "petitions_search_idx" ON "petitions" USING gin ("search_vector");--> statement-breakpoint
CREATE INDEX "categories_parent_idx" ON "categories" USING btree ("parent_id");--> statement-breakpoint
CREATE INDEX "regions_parent_idx" ON "regions" USING btree ("parent_code");--> statement-breakpoint
CREATE INDEX "units_region_idx" ON "units" USING btree ("region_code");--> statement-breakpoint
CREATE INDEX "outbox_pending_idx" ON "outbox" USING btree ("processed_at","available_at");