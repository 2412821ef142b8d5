CREATE TABLE "served_notices" (
	"id" uuid PRIMARY KEY NOT NULL,
	"ballot_id" uuid NOT NULL,
	"holder_key" text NOT NULL,
	"method" text NOT NULL,
	"served_at" timestamp with time zone NOT NULL,
	"reference" text NOT NULL,
	"recorded_by" text NOT NULL,
	"recorded_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "certifications" (
	"ballot_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"certified_at" timestamp with time zone NOT NULL,
	"cause" text NOT NULL,
	"certified_by" text NOT NULL,
	"vote_digest" text NOT NULL,
	"unresolved_conflicts" integer NOT NULL,
	"results" jsonb NOT NULL,
	"changes" jsonb NOT NULL,
	CONSTRAINT "certifications_ballot_id_version_pk" PRIMARY KEY("ballot_id","version")
);
--> statement-breakpoint
ALTER TABLE "ballot_matters" ADD COLUMN "election" jsonb;--> statement-breakpoint
ALTER TABLE "ballots" ADD COLUMN "rules_of_procedure_clause" text;--> statement-breakpoint
ALTER TABLE "dir_communities" ADD COLUMN "name" text;--> statement-breakpoint
ALTER TABLE "votes" ADD COLUMN "collected_at" timestamp with time zone;--> statement-breakpoint
CREATE UNIQUE INDEX "served_notices_proof_key" ON "served_notices" USING btree ("ballot_id","holder_key","method","reference");--> statement-breakpoint
CREATE INDEX "served_notices_ballot_idx" ON "served_notices" USING btree ("ballot_id","holder_key");