CREATE TABLE "meetings" (
	"meeting_id" uuid PRIMARY KEY NOT NULL,
	"community_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"form" text NOT NULL,
	"title" text NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone,
	"place" text NOT NULL,
	"status" text NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "deliveries" ADD COLUMN "meeting_id" uuid;--> statement-breakpoint
ALTER TABLE "deliveries" ADD COLUMN "proposal_id" uuid;--> statement-breakpoint
ALTER TABLE "inbox_messages" ADD COLUMN "meeting_id" uuid;--> statement-breakpoint
ALTER TABLE "inbox_messages" ADD COLUMN "proposal_id" uuid;--> statement-breakpoint
CREATE INDEX "meetings_community_idx" ON "meetings" USING btree ("community_id");--> statement-breakpoint
CREATE INDEX "deliveries_meeting_idx" ON "deliveries" USING btree ("meeting_id","medium");