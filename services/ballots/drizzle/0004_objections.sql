CREATE TABLE "objections" (
	"id" uuid PRIMARY KEY NOT NULL,
	"ballot_id" uuid NOT NULL,
	"text" text NOT NULL,
	"unit" text,
	"contact" text,
	"sha256" text NOT NULL,
	"sender_hash" text NOT NULL,
	"received_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "objections" ADD CONSTRAINT "objections_ballot_id_ballots_id_fk" FOREIGN KEY ("ballot_id") REFERENCES "public"."ballots"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "objections_ballot_idx" ON "objections" USING btree ("ballot_id","received_at","id");--> statement-breakpoint
CREATE INDEX "objections_sender_idx" ON "objections" USING btree ("sender_hash","received_at");