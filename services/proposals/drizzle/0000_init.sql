CREATE TABLE "dir_communities" (
	"community_id" uuid PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "dir_holdings" (
	"unit_id" uuid PRIMARY KEY NOT NULL,
	"community_id" uuid NOT NULL,
	"holder_id" uuid NOT NULL,
	"holder_key" text NOT NULL,
	"since" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "dir_owner_links" (
	"holder_id" uuid PRIMARY KEY NOT NULL,
	"version" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "attachments" (
	"id" uuid PRIMARY KEY NOT NULL,
	"proposal_id" uuid NOT NULL,
	"update_id" uuid,
	"file_name" text NOT NULL,
	"content_type" text NOT NULL,
	"size" integer NOT NULL,
	"sha256" text NOT NULL,
	"content" "bytea" NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ballot_facts" (
	"ballot_id" uuid PRIMARY KEY NOT NULL,
	"community_id" uuid NOT NULL,
	"opened_at" timestamp with time zone,
	"cancelled_at" timestamp with time zone,
	"certification" integer,
	"certified_at" timestamp with time zone,
	"matters" jsonb,
	"published_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "ballot_matters" (
	"matter_id" uuid PRIMARY KEY NOT NULL,
	"ballot_id" uuid NOT NULL,
	"meeting_id" uuid NOT NULL,
	"proposal_id" uuid NOT NULL
);
--> statement-breakpoint
CREATE TABLE "comments" (
	"id" uuid PRIMARY KEY NOT NULL,
	"proposal_id" uuid NOT NULL,
	"parent_id" uuid,
	"author_kind" text NOT NULL,
	"author_holder_key" text,
	"author_staff_id" uuid,
	"body" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"hidden_at" timestamp with time zone,
	"hidden_reason" text,
	"hidden_by" uuid
);
--> statement-breakpoint
CREATE TABLE "community_settings" (
	"community_id" uuid PRIMARY KEY NOT NULL,
	"cosign_threshold_bp" integer NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "cosignatures" (
	"proposal_id" uuid NOT NULL,
	"holder_key" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "cosignatures_proposal_id_holder_key_pk" PRIMARY KEY("proposal_id","holder_key")
);
--> statement-breakpoint
CREATE TABLE "implementation_updates" (
	"id" uuid PRIMARY KEY NOT NULL,
	"proposal_id" uuid NOT NULL,
	"body" text NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ledger_entries" (
	"id" uuid PRIMARY KEY NOT NULL,
	"proposal_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"kind" text NOT NULL,
	"occurred_on" date NOT NULL,
	"amount_fen" bigint NOT NULL,
	"description" text NOT NULL,
	"receipt_ref" text DEFAULT '' NOT NULL,
	"recorded_by" uuid NOT NULL,
	"recorded_at" timestamp with time zone NOT NULL,
	CONSTRAINT "ledger_entries_seq" UNIQUE("proposal_id","seq")
);
--> statement-breakpoint
CREATE TABLE "proposals" (
	"id" uuid PRIMARY KEY NOT NULL,
	"community_id" uuid NOT NULL,
	"title" text NOT NULL,
	"description" text NOT NULL,
	"category" text NOT NULL,
	"item" integer,
	"status" text NOT NULL,
	"author_kind" text NOT NULL,
	"author_holder_key" text,
	"author_staff_id" uuid,
	"cosign_base" integer,
	"cosign_required" integer,
	"cosign_count" integer DEFAULT 0 NOT NULL,
	"threshold_reached_at" timestamp with time zone,
	"meeting_id" uuid,
	"ballot_id" uuid,
	"matter_id" uuid,
	"outcome" text,
	"decision_source" text,
	"decision_certification" integer,
	"decided_at" timestamp with time zone,
	"decision_published_at" timestamp with time zone,
	"withdrawn_reason" text,
	"created_at" timestamp with time zone NOT NULL,
	"opened_at" timestamp with time zone,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "wishes" (
	"id" uuid PRIMARY KEY NOT NULL,
	"community_id" uuid NOT NULL,
	"title" text NOT NULL,
	"description" text NOT NULL,
	"status" text NOT NULL,
	"author_kind" text NOT NULL,
	"author_holder_key" text,
	"author_staff_id" uuid,
	"claimant_kind" text,
	"claimant_name" text,
	"claimed_at" timestamp with time zone,
	"fulfilled_at" timestamp with time zone,
	"fulfilment_note" text,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "attachments" ADD CONSTRAINT "attachments_proposal_id_proposals_id_fk" FOREIGN KEY ("proposal_id") REFERENCES "public"."proposals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attachments" ADD CONSTRAINT "attachments_update_id_implementation_updates_id_fk" FOREIGN KEY ("update_id") REFERENCES "public"."implementation_updates"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "comments" ADD CONSTRAINT "comments_proposal_id_proposals_id_fk" FOREIGN KEY ("proposal_id") REFERENCES "public"."proposals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cosignatures" ADD CONSTRAINT "cosignatures_proposal_id_proposals_id_fk" FOREIGN KEY ("proposal_id") REFERENCES "public"."proposals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "implementation_updates" ADD CONSTRAINT "implementation_updates_proposal_id_proposals_id_fk" FOREIGN KEY ("proposal_id") REFERENCES "public"."proposals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_entries" ADD CONSTRAINT "ledger_entries_proposal_id_proposals_id_fk" FOREIGN KEY ("proposal_id") REFERENCES "public"."proposals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "dir_holdings_community_idx" ON "dir_holdings" USING btree ("community_id","holder_key");--> statement-breakpoint
CREATE INDEX "dir_holdings_holder_idx" ON "dir_holdings" USING btree ("holder_id");--> statement-breakpoint
CREATE INDEX "attachments_proposal_idx" ON "attachments" USING btree ("proposal_id","update_id","created_at");--> statement-breakpoint
CREATE INDEX "ballot_matters_ballot_idx" ON "ballot_matters" USING btree ("ballot_id");--> statement-breakpoint
CREATE INDEX "comments_proposal_idx" ON "comments" USING btree ("proposal_id","created_at","id");--> statement-breakpoint
CREATE INDEX "implementation_updates_proposal_idx" ON "implementation_updates" USING btree ("proposal_id","created_at","id");--> statement-breakpoint
CREATE INDEX "proposals_community_idx" ON "proposals" USING btree ("community_id","created_at","id");--> statement-breakpoint
CREATE INDEX "proposals_matter_idx" ON "proposals" USING btree ("matter_id");--> statement-breakpoint
CREATE INDEX "wishes_community_idx" ON "wishes" USING btree ("community_id","created_at","id");