CREATE TABLE "deliveries" (
	"id" uuid PRIMARY KEY NOT NULL,
	"source_id" uuid NOT NULL,
	"community_id" uuid NOT NULL,
	"ballot_id" uuid,
	"kind" text NOT NULL,
	"recipient" text NOT NULL,
	"holder_key" text,
	"medium" text NOT NULL,
	"address" text,
	"locale" text NOT NULL,
	"urgent" boolean DEFAULT false NOT NULL,
	"params" jsonb NOT NULL,
	"status" text NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone NOT NULL,
	"last_error" text,
	"provider" text,
	"provider_response" jsonb,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"sent_at" timestamp with time zone,
	CONSTRAINT "deliveries_source_recipient_medium_key" UNIQUE("source_id","recipient","medium")
);
--> statement-breakpoint
CREATE TABLE "inbox_messages" (
	"delivery_id" uuid PRIMARY KEY NOT NULL,
	"community_id" uuid NOT NULL,
	"holder_key" text NOT NULL,
	"ballot_id" uuid,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "reminder_rounds" (
	"ballot_id" uuid NOT NULL,
	"round" text NOT NULL,
	"source_id" uuid NOT NULL,
	"recipients" integer NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "reminder_rounds_ballot_id_round_pk" PRIMARY KEY("ballot_id","round")
);
--> statement-breakpoint
CREATE TABLE "ballots" (
	"ballot_id" uuid PRIMARY KEY NOT NULL,
	"community_id" uuid NOT NULL,
	"status" text NOT NULL,
	"opens_at" timestamp with time zone NOT NULL,
	"closes_at" timestamp with time zone NOT NULL,
	"published_from" timestamp with time zone,
	"published_until" timestamp with time zone,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "communities" (
	"community_id" uuid PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "holdings" (
	"unit_id" uuid PRIMARY KEY NOT NULL,
	"community_id" uuid NOT NULL,
	"holder_key" text NOT NULL,
	"member_ids" uuid[] NOT NULL,
	"voter_id" uuid NOT NULL,
	"since" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "owner_preferences" (
	"owner_id" uuid PRIMARY KEY NOT NULL,
	"community_id" uuid NOT NULL,
	"preferred_channel" text,
	"email" text,
	"wechat_open_id" text,
	"locale" text DEFAULT 'zh-CN' NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "owners" (
	"owner_id" uuid PRIMARY KEY NOT NULL,
	"community_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"phone" text,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "units" (
	"unit_id" uuid PRIMARY KEY NOT NULL,
	"community_id" uuid NOT NULL,
	"building_id" uuid NOT NULL,
	"building" text NOT NULL,
	"entrance" text NOT NULL,
	"room" text NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "votes_cast" (
	"ballot_id" uuid NOT NULL,
	"holder_key" text NOT NULL,
	"cast_at" timestamp with time zone NOT NULL,
	CONSTRAINT "votes_cast_ballot_id_holder_key_pk" PRIMARY KEY("ballot_id","holder_key")
);
--> statement-breakpoint
CREATE TABLE "voting_links" (
	"ballot_id" uuid NOT NULL,
	"holder_key" text NOT NULL,
	"community_id" uuid NOT NULL,
	"voter_id" uuid NOT NULL,
	"member_ids" uuid[] NOT NULL,
	"link_url" text NOT NULL,
	"token_hash" text NOT NULL,
	"issued_at" timestamp with time zone NOT NULL,
	CONSTRAINT "voting_links_ballot_id_holder_key_pk" PRIMARY KEY("ballot_id","holder_key")
);
--> statement-breakpoint
CREATE INDEX "deliveries_due_idx" ON "deliveries" USING btree ("next_attempt_at") WHERE status = 'queued';--> statement-breakpoint
CREATE INDEX "deliveries_community_idx" ON "deliveries" USING btree ("community_id","status","created_at");--> statement-breakpoint
CREATE INDEX "deliveries_ballot_idx" ON "deliveries" USING btree ("ballot_id","medium");--> statement-breakpoint
CREATE INDEX "inbox_holder_idx" ON "inbox_messages" USING btree ("community_id","holder_key","created_at");--> statement-breakpoint
CREATE INDEX "ballots_open_idx" ON "ballots" USING btree ("closes_at") WHERE status in ('open', 'extended');--> statement-breakpoint
CREATE INDEX "holdings_holder_idx" ON "holdings" USING btree ("community_id","holder_key");--> statement-breakpoint
CREATE INDEX "owners_community_idx" ON "owners" USING btree ("community_id");--> statement-breakpoint
CREATE INDEX "units_community_idx" ON "units" USING btree ("community_id");--> statement-breakpoint
CREATE UNIQUE INDEX "voting_links_token_key" ON "voting_links" USING btree ("token_hash");