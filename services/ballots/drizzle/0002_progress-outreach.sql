CREATE TABLE "outreach_log" (
	"id" uuid PRIMARY KEY NOT NULL,
	"ballot_id" uuid NOT NULL,
	"holder_key" text NOT NULL,
	"outcome" text NOT NULL,
	"note" text,
	"staff_id" text NOT NULL,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "quorum_reached" (
	"ballot_id" uuid NOT NULL,
	"matter_id" uuid NOT NULL,
	"reached_at" timestamp with time zone NOT NULL,
	"event_id" uuid NOT NULL,
	CONSTRAINT "quorum_reached_ballot_id_matter_id_pk" PRIMARY KEY("ballot_id","matter_id")
);
--> statement-breakpoint
CREATE INDEX "outreach_log_holder_idx" ON "outreach_log" USING btree ("ballot_id","holder_key","at");