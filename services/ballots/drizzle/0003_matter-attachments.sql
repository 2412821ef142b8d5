CREATE TABLE "matter_attachments" (
	"id" uuid PRIMARY KEY NOT NULL,
	"ballot_id" uuid NOT NULL,
	"matter_id" uuid NOT NULL,
	"file_name" text NOT NULL,
	"content_type" text NOT NULL,
	"size" integer NOT NULL,
	"sha256" text NOT NULL,
	"content" "bytea" NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "matter_attachments" ADD CONSTRAINT "matter_attachments_ballot_id_ballots_id_fk" FOREIGN KEY ("ballot_id") REFERENCES "public"."ballots"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "matter_attachments_matter_idx" ON "matter_attachments" USING btree ("matter_id","created_at","id");