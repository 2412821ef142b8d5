CREATE TABLE "audit_entries" (
	"ballot_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"actor" text NOT NULL,
	"action" text NOT NULL,
	"details" jsonb NOT NULL,
	"prev_hash" text NOT NULL,
	"hash" text NOT NULL,
	CONSTRAINT "audit_entries_ballot_id_seq_pk" PRIMARY KEY("ballot_id","seq")
);
--> statement-breakpoint
CREATE TABLE "ballot_matters" (
	"id" uuid PRIMARY KEY NOT NULL,
	"ballot_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"item" integer NOT NULL,
	"title" text NOT NULL,
	"body" text NOT NULL,
	CONSTRAINT "ballot_matters_position_key" UNIQUE("ballot_id","position")
);
--> statement-breakpoint
CREATE TABLE "ballots" (
	"id" uuid PRIMARY KEY NOT NULL,
	"community_id" uuid NOT NULL,
	"title" text NOT NULL,
	"description" text NOT NULL,
	"scope" jsonb NOT NULL,
	"opens_at" timestamp with time zone NOT NULL,
	"closes_at" timestamp with time zone NOT NULL,
	"policy" jsonb NOT NULL,
	"allow_change" boolean NOT NULL,
	"publication" text NOT NULL,
	"second_factor" text NOT NULL,
	"notice_given_at" timestamp with time zone,
	"max_extension_months" integer,
	"status" text NOT NULL,
	"original_closes_at" timestamp with time zone,
	"latest_closes_at" timestamp with time zone,
	"extensions" integer DEFAULT 0 NOT NULL,
	"opened_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"published_at" timestamp with time zone,
	"published_from" timestamp with time zone,
	"published_until" timestamp with time zone,
	"cancelled_at" timestamp with time zone,
	"cancelled_from" text,
	"cancel_reason" text,
	"snapshot_hash" text,
	"vote_digest" text,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "credentials" (
	"id" uuid PRIMARY KEY NOT NULL,
	"ballot_id" uuid NOT NULL,
	"holder_key" text NOT NULL,
	"issued_at" timestamp with time zone NOT NULL,
	"revoked_at" timestamp with time zone,
	"revoked_by" text,
	"revoke_reason" text
);
--> statement-breakpoint
CREATE TABLE "electorate_holders" (
	"ballot_id" uuid NOT NULL,
	"holder_key" text NOT NULL,
	"member_ids" uuid[] NOT NULL,
	"voter_id" uuid NOT NULL,
	CONSTRAINT "electorate_holders_ballot_id_holder_key_pk" PRIMARY KEY("ballot_id","holder_key")
);
--> statement-breakpoint
CREATE TABLE "electorate_units" (
	"ballot_id" uuid NOT NULL,
	"unit_id" uuid NOT NULL,
	"holder_key" text NOT NULL,
	"building_id" uuid NOT NULL,
	"building" text NOT NULL,
	"entrance" text NOT NULL,
	"room" text NOT NULL,
	"floor" integer,
	"kind" text NOT NULL,
	"area" text NOT NULL,
	"area_basis" text NOT NULL,
	"developer_unsold" boolean NOT NULL,
	CONSTRAINT "electorate_units_ballot_id_unit_id_pk" PRIMARY KEY("ballot_id","unit_id")
);
--> statement-breakpoint
CREATE TABLE "second_factor_failures" (
	"id" uuid PRIMARY KEY NOT NULL,
	"credential_id" uuid NOT NULL,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "service_secrets" (
	"name" text PRIMARY KEY NOT NULL,
	"value" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "dir_communities" (
	"community_id" uuid PRIMARY KEY NOT NULL,
	"parking_included" boolean NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "dir_grids" (
	"grid_id" uuid PRIMARY KEY NOT NULL,
	"community_id" uuid NOT NULL,
	"building_ids" uuid[] NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "dir_holdings" (
	"unit_id" uuid PRIMARY KEY NOT NULL,
	"community_id" uuid NOT NULL,
	"holder_id" uuid NOT NULL,
	"holder_key" text NOT NULL,
	"member_ids" uuid[] NOT NULL,
	"voter_id" uuid NOT NULL,
	"developer_unsold" boolean NOT NULL,
	"since" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "dir_owners" (
	"owner_id" uuid PRIMARY KEY NOT NULL,
	"community_id" uuid NOT NULL,
	"phone_masked" text,
	"phone_last4_hash" text,
	"id_last4_hash" text,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "dir_units" (
	"unit_id" uuid PRIMARY KEY NOT NULL,
	"community_id" uuid NOT NULL,
	"building_id" uuid NOT NULL,
	"building" text NOT NULL,
	"entrance" text NOT NULL,
	"room" text NOT NULL,
	"floor" integer,
	"kind" text NOT NULL,
	"area" text NOT NULL,
	"area_basis" text NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "matter_results" (
	"ballot_id" uuid NOT NULL,
	"matter_id" uuid PRIMARY KEY NOT NULL,
	"result" jsonb NOT NULL,
	"computed_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "vote_changes" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "vote_changes_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"ballot_id" uuid NOT NULL,
	"matter_id" uuid NOT NULL,
	"holder_key" text NOT NULL,
	"previous_choice" text NOT NULL,
	"previous_channel" text NOT NULL,
	"previous_receipt_hash" text NOT NULL,
	"previous_cast_at" timestamp with time zone NOT NULL,
	"changed_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "vote_conflicts" (
	"id" uuid PRIMARY KEY NOT NULL,
	"ballot_id" uuid NOT NULL,
	"holder_key" text NOT NULL,
	"submission" jsonb NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"status" text NOT NULL,
	"keep" text,
	"reason" text,
	"resolved_by" text,
	"resolved_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "votes" (
	"id" uuid PRIMARY KEY NOT NULL,
	"ballot_id" uuid NOT NULL,
	"matter_id" uuid NOT NULL,
	"holder_key" text NOT NULL,
	"choice" text NOT NULL,
	"channel" text NOT NULL,
	"credential_id" uuid,
	"receipt_hash" text NOT NULL,
	"cast_at" timestamp with time zone NOT NULL,
	"entered_by" text,
	"reference" text,
	"proxy_name" text,
	CONSTRAINT "votes_one_per_owner_key" UNIQUE("ballot_id","matter_id","holder_key")
);
--> statement-breakpoint
ALTER TABLE "ballot_matters" ADD CONSTRAINT "ballot_matters_ballot_id_ballots_id_fk" FOREIGN KEY ("ballot_id") REFERENCES "public"."ballots"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "electorate_holders" ADD CONSTRAINT "electorate_holders_ballot_id_ballots_id_fk" FOREIGN KEY ("ballot_id") REFERENCES "public"."ballots"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "electorate_units" ADD CONSTRAINT "electorate_units_ballot_id_ballots_id_fk" FOREIGN KEY ("ballot_id") REFERENCES "public"."ballots"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "ballots_community_idx" ON "ballots" USING btree ("community_id","created_at","id");--> statement-breakpoint
CREATE INDEX "ballots_due_idx" ON "ballots" USING btree ("closes_at") WHERE status in ('open', 'extended');--> statement-breakpoint
CREATE INDEX "credentials_holder_idx" ON "credentials" USING btree ("ballot_id","holder_key");--> statement-breakpoint
CREATE UNIQUE INDEX "credentials_active_key" ON "credentials" USING btree ("ballot_id","holder_key") WHERE revoked_at is null;--> statement-breakpoint
CREATE INDEX "electorate_units_holder_idx" ON "electorate_units" USING btree ("ballot_id","holder_key");--> statement-breakpoint
CREATE INDEX "second_factor_failures_idx" ON "second_factor_failures" USING btree ("credential_id","at");--> statement-breakpoint
CREATE INDEX "dir_holdings_community_idx" ON "dir_holdings" USING btree ("community_id");--> statement-breakpoint
CREATE INDEX "dir_units_community_idx" ON "dir_units" USING btree ("community_id","building_id");--> statement-breakpoint
CREATE INDEX "matter_results_ballot_idx" ON "matter_results" USING btree ("ballot_id");--> statement-breakpoint
CREATE INDEX "vote_changes_receipt_idx" ON "vote_changes" USING btree ("ballot_id","previous_receipt_hash");--> statement-breakpoint
CREATE INDEX "vote_conflicts_ballot_idx" ON "vote_conflicts" USING btree ("ballot_id","status");--> statement-breakpoint
CREATE INDEX "votes_receipt_idx" ON "votes" USING btree ("ballot_id","receipt_hash");