CREATE TABLE "agenda_items" (
	"id" uuid PRIMARY KEY NOT NULL,
	"meeting_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"title" text NOT NULL,
	"description" text NOT NULL,
	"proposal_id" uuid,
	"item" integer,
	"matter_id" uuid,
	"outcome" text,
	"decision_source" text,
	"decision_text" text,
	"figures" jsonb,
	"decided_at" timestamp with time zone,
	CONSTRAINT "agenda_items_position_key" UNIQUE("meeting_id","position")
);
--> statement-breakpoint
CREATE TABLE "attendance" (
	"meeting_id" uuid NOT NULL,
	"holder_key" text NOT NULL,
	"method" text NOT NULL,
	"proxy_reference" text,
	"units" jsonb NOT NULL,
	"area" text NOT NULL,
	"recorded_by" text NOT NULL,
	"recorded_at" timestamp with time zone NOT NULL,
	CONSTRAINT "attendance_meeting_id_holder_key_pk" PRIMARY KEY("meeting_id","holder_key")
);
--> statement-breakpoint
CREATE TABLE "meetings" (
	"id" uuid PRIMARY KEY NOT NULL,
	"community_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"form" text NOT NULL,
	"title" text NOT NULL,
	"description" text NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone,
	"place" text NOT NULL,
	"organiser" text NOT NULL,
	"status" text NOT NULL,
	"notice_published_at" timestamp with time zone,
	"held_at" timestamp with time zone,
	"minutes_text" text,
	"minutes_published_at" timestamp with time zone,
	"cancelled_at" timestamp with time zone,
	"cancel_reason" text,
	"check_in_code" text,
	"ballot_id" uuid,
	"ballot_result_published_from" timestamp with time zone,
	"ballot_result_published_until" timestamp with time zone,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "dir_communities" (
	"community_id" uuid PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"parking_included" boolean NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "dir_holdings" (
	"unit_id" uuid PRIMARY KEY NOT NULL,
	"community_id" uuid NOT NULL,
	"holder_key" text NOT NULL,
	"since" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "dir_owner_links" (
	"holder_id" uuid PRIMARY KEY NOT NULL,
	"community_id" uuid NOT NULL,
	"version" integer NOT NULL,
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
	"kind" text NOT NULL,
	"area" text NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "agenda_items" ADD CONSTRAINT "agenda_items_meeting_id_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."meetings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attendance" ADD CONSTRAINT "attendance_meeting_id_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."meetings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "agenda_items_proposal_idx" ON "agenda_items" USING btree ("proposal_id");--> statement-breakpoint
CREATE INDEX "meetings_community_idx" ON "meetings" USING btree ("community_id","starts_at","id");--> statement-breakpoint
CREATE UNIQUE INDEX "meetings_ballot_key" ON "meetings" USING btree ("ballot_id") WHERE ballot_id is not null;--> statement-breakpoint
CREATE INDEX "dir_holdings_holder_idx" ON "dir_holdings" USING btree ("community_id","holder_key");--> statement-breakpoint
CREATE INDEX "dir_units_community_idx" ON "dir_units" USING btree ("community_id","building","entrance","room");