CREATE TYPE "public"."import_status" AS ENUM('checking', 'ready', 'invalid', 'applying', 'applied', 'failed');--> statement-breakpoint
CREATE TYPE "public"."area_basis" AS ENUM('registered', 'surveyed', 'contract');--> statement-breakpoint
CREATE TYPE "public"."owner_kind" AS ENUM('person', 'organisation', 'developer');--> statement-breakpoint
CREATE TYPE "public"."unit_kind" AS ENUM('residence', 'commercial', 'parking', 'other');--> statement-breakpoint
CREATE TYPE "public"."staff_role" AS ENUM('committee_admin', 'committee_member', 'party_secretary', 'grid_worker');--> statement-breakpoint
CREATE TABLE "roster_import_pages" (
	"import_id" uuid NOT NULL,
	"list" text NOT NULL,
	"page" integer NOT NULL,
	"entries" jsonb NOT NULL,
	CONSTRAINT "roster_import_pages_import_id_list_page_pk" PRIMARY KEY("import_id","list","page")
);
--> statement-breakpoint
CREATE TABLE "roster_imports" (
	"id" uuid PRIMARY KEY NOT NULL,
	"community_id" uuid NOT NULL,
	"staff_id" uuid NOT NULL,
	"file_name" text NOT NULL,
	"format" text NOT NULL,
	"file" "bytea" NOT NULL,
	"status" "import_status" NOT NULL,
	"progress" jsonb DEFAULT '{"phase":"queued","done":0,"total":null}'::jsonb NOT NULL,
	"heartbeat_at" timestamp with time zone DEFAULT now() NOT NULL,
	"preview" jsonb,
	"fingerprint" text,
	"failure" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "buildings" (
	"id" uuid PRIMARY KEY NOT NULL,
	"community_id" uuid NOT NULL,
	"name" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "communities" (
	"id" uuid PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"street" text DEFAULT '' NOT NULL,
	"neighbourhood" text DEFAULT '' NOT NULL,
	"parking_included" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "grid_buildings" (
	"grid_id" uuid NOT NULL,
	"building_id" uuid NOT NULL,
	CONSTRAINT "grid_buildings_grid_id_building_id_pk" PRIMARY KEY("grid_id","building_id")
);
--> statement-breakpoint
CREATE TABLE "grids" (
	"id" uuid PRIMARY KEY NOT NULL,
	"community_id" uuid NOT NULL,
	"name" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "holder_members" (
	"holder_id" uuid NOT NULL,
	"owner_id" uuid NOT NULL,
	CONSTRAINT "holder_members_holder_id_owner_id_pk" PRIMARY KEY("holder_id","owner_id")
);
--> statement-breakpoint
CREATE TABLE "holders" (
	"id" uuid PRIMARY KEY NOT NULL,
	"community_id" uuid NOT NULL,
	"key" text NOT NULL,
	"voter_id" uuid NOT NULL
);
--> statement-breakpoint
CREATE TABLE "owners" (
	"id" uuid PRIMARY KEY NOT NULL,
	"community_id" uuid NOT NULL,
	"kind" "owner_kind" NOT NULL,
	"name" text NOT NULL,
	"phone" text,
	"id_last4" text,
	"match_key" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ownerships" (
	"id" uuid PRIMARY KEY NOT NULL,
	"unit_id" uuid NOT NULL,
	"holder_id" uuid NOT NULL,
	"developer_unsold" boolean DEFAULT false NOT NULL,
	"since" timestamp with time zone NOT NULL,
	"until" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "units" (
	"id" uuid PRIMARY KEY NOT NULL,
	"community_id" uuid NOT NULL,
	"building_id" uuid NOT NULL,
	"entrance" text DEFAULT '' NOT NULL,
	"room" text NOT NULL,
	"floor" integer,
	"kind" "unit_kind" NOT NULL,
	"area" numeric(14, 2) NOT NULL,
	"area_basis" "area_basis" NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "grid_workers" (
	"grid_id" uuid NOT NULL,
	"staff_id" uuid NOT NULL,
	CONSTRAINT "grid_workers_grid_id_staff_id_pk" PRIMARY KEY("grid_id","staff_id")
);
--> statement-breakpoint
CREATE TABLE "refresh_tokens" (
	"id" uuid PRIMARY KEY NOT NULL,
	"staff_id" uuid NOT NULL,
	"family_id" uuid NOT NULL,
	"token_hash" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "refresh_tokens_token_hash_unique" UNIQUE("token_hash")
);
--> statement-breakpoint
CREATE TABLE "sign_in_throttle" (
	"login" text PRIMARY KEY NOT NULL,
	"failures" integer DEFAULT 0 NOT NULL,
	"locked_until" timestamp with time zone,
	"last_failure_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "signing_keys" (
	"kid" text PRIMARY KEY NOT NULL,
	"private_jwk" jsonb NOT NULL,
	"public_jwk" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"retired_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "staff" (
	"id" uuid PRIMARY KEY NOT NULL,
	"login" text NOT NULL,
	"display_name" text NOT NULL,
	"password_hash" text NOT NULL,
	"platform_admin" boolean DEFAULT false NOT NULL,
	"disabled_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "staff_login_unique" UNIQUE("login")
);
--> statement-breakpoint
CREATE TABLE "staff_actions" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"staff_id" uuid,
	"community_id" uuid,
	"action" text NOT NULL,
	"target" text,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "staff_roles" (
	"staff_id" uuid NOT NULL,
	"community_id" uuid NOT NULL,
	"role" "staff_role" NOT NULL,
	CONSTRAINT "staff_roles_staff_id_community_id_role_pk" PRIMARY KEY("staff_id","community_id","role")
);
--> statement-breakpoint
ALTER TABLE "roster_import_pages" ADD CONSTRAINT "roster_import_pages_import_id_roster_imports_id_fk" FOREIGN KEY ("import_id") REFERENCES "public"."roster_imports"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "roster_imports" ADD CONSTRAINT "roster_imports_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "roster_imports" ADD CONSTRAINT "roster_imports_staff_id_staff_id_fk" FOREIGN KEY ("staff_id") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "buildings" ADD CONSTRAINT "buildings_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "grid_buildings" ADD CONSTRAINT "grid_buildings_grid_id_grids_id_fk" FOREIGN KEY ("grid_id") REFERENCES "public"."grids"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "grid_buildings" ADD CONSTRAINT "grid_buildings_building_id_buildings_id_fk" FOREIGN KEY ("building_id") REFERENCES "public"."buildings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "grids" ADD CONSTRAINT "grids_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "holder_members" ADD CONSTRAINT "holder_members_holder_id_holders_id_fk" FOREIGN KEY ("holder_id") REFERENCES "public"."holders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "holder_members" ADD CONSTRAINT "holder_members_owner_id_owners_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."owners"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "holders" ADD CONSTRAINT "holders_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "holders" ADD CONSTRAINT "holders_voter_id_owners_id_fk" FOREIGN KEY ("voter_id") REFERENCES "public"."owners"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "owners" ADD CONSTRAINT "owners_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ownerships" ADD CONSTRAINT "ownerships_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ownerships" ADD CONSTRAINT "ownerships_holder_id_holders_id_fk" FOREIGN KEY ("holder_id") REFERENCES "public"."holders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "units" ADD CONSTRAINT "units_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "units" ADD CONSTRAINT "units_building_id_buildings_id_fk" FOREIGN KEY ("building_id") REFERENCES "public"."buildings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "grid_workers" ADD CONSTRAINT "grid_workers_grid_id_grids_id_fk" FOREIGN KEY ("grid_id") REFERENCES "public"."grids"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "grid_workers" ADD CONSTRAINT "grid_workers_staff_id_staff_id_fk" FOREIGN KEY ("staff_id") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "refresh_tokens" ADD CONSTRAINT "refresh_tokens_staff_id_staff_id_fk" FOREIGN KEY ("staff_id") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "staff_actions" ADD CONSTRAINT "staff_actions_staff_id_staff_id_fk" FOREIGN KEY ("staff_id") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "staff_roles" ADD CONSTRAINT "staff_roles_staff_id_staff_id_fk" FOREIGN KEY ("staff_id") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "staff_roles" ADD CONSTRAINT "staff_roles_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "buildings_name" ON "buildings" USING btree ("community_id","name");--> statement-breakpoint
CREATE UNIQUE INDEX "grids_name" ON "grids" USING btree ("community_id","name");--> statement-breakpoint
CREATE INDEX "holder_members_owner" ON "holder_members" USING btree ("owner_id");--> statement-breakpoint
CREATE UNIQUE INDEX "holders_key" ON "holders" USING btree ("community_id","key");--> statement-breakpoint
CREATE UNIQUE INDEX "owners_match" ON "owners" USING btree ("community_id","match_key");--> statement-breakpoint
CREATE UNIQUE INDEX "ownerships_current" ON "ownerships" USING btree ("unit_id") WHERE "ownerships"."until" is null;--> statement-breakpoint
CREATE INDEX "ownerships_holder" ON "ownerships" USING btree ("holder_id");--> statement-breakpoint
CREATE UNIQUE INDEX "units_number" ON "units" USING btree ("building_id","entrance","room");--> statement-breakpoint
CREATE INDEX "units_community" ON "units" USING btree ("community_id");--> statement-breakpoint
CREATE INDEX "grid_workers_staff" ON "grid_workers" USING btree ("staff_id");--> statement-breakpoint
CREATE INDEX "refresh_tokens_family" ON "refresh_tokens" USING btree ("family_id");--> statement-breakpoint
CREATE INDEX "refresh_tokens_staff" ON "refresh_tokens" USING btree ("staff_id");--> statement-breakpoint
CREATE INDEX "sign_in_throttle_last_failure" ON "sign_in_throttle" USING btree ("last_failure_at");--> statement-breakpoint
CREATE INDEX "staff_actions_community" ON "staff_actions" USING btree ("community_id","at");--> statement-breakpoint
CREATE INDEX "staff_roles_community" ON "staff_roles" USING btree ("community_id","staff_id");