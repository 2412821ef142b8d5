CREATE TABLE "staff_contacts" (
	"staff_id" uuid PRIMARY KEY NOT NULL,
	"phone" text,
	"email" text,
	"wechat_open_id" text,
	"preferred_channel" text,
	"locale" text DEFAULT 'zh-CN' NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "staff_contacts" ADD CONSTRAINT "staff_contacts_staff_id_staff_id_fk" FOREIGN KEY ("staff_id") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;