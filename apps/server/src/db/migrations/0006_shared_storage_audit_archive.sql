CREATE TABLE "audit_archives" (
	"first_seq" bigint PRIMARY KEY NOT NULL,
	"last_seq" bigint NOT NULL,
	"prev_hash" text NOT NULL,
	"last_hash" text NOT NULL,
	"entry_count" bigint NOT NULL,
	"before" text NOT NULL,
	"file_name" text NOT NULL,
	"file_sha256" text NOT NULL,
	"created_at" text NOT NULL,
	"sig" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "blobs" (
	"sha256" text PRIMARY KEY NOT NULL,
	"size" bigint NOT NULL,
	"bytes" "bytea" NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "blobs" ALTER COLUMN "bytes" SET STORAGE EXTERNAL;
