CREATE TABLE "grids" (
	"grid_id" uuid PRIMARY KEY NOT NULL,
	"community_id" uuid NOT NULL,
	"name" text NOT NULL,
	"building_ids" uuid[] NOT NULL,
	"worker_ids" uuid[] NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "staff_members" (
	"staff_id" uuid NOT NULL,
	"community_id" uuid NOT NULL,
	"display_name" text NOT NULL,
	"roles" text[] NOT NULL,
	"active" boolean NOT NULL,
	"phone" text,
	"email" text,
	"wechat_open_id" text,
	"preferred_channel" text,
	"locale" text DEFAULT 'zh-CN' NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "staff_members_staff_id_community_id_pk" PRIMARY KEY("staff_id","community_id")
);
--> statement-breakpoint
CREATE INDEX "grids_community_idx" ON "grids" USING btree ("community_id");--> statement-breakpoint
CREATE INDEX "staff_members_community_idx" ON "staff_members" USING btree ("community_id");