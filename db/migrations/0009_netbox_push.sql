CREATE TABLE "netbox_push_state" (
	"endpoint_id" bigint PRIMARY KEY NOT NULL,
	"job_id" bigint,
	"pushed_at" timestamp with time zone NOT NULL,
	"status" varchar(32) NOT NULL,
	"netbox_version" varchar(32),
	"counts" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"conflicts" jsonb DEFAULT '[]'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "netbox_remote_objects" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"endpoint_id" bigint NOT NULL,
	"local_model" varchar(64) NOT NULL,
	"local_id" bigint,
	"local_key" varchar(255) NOT NULL,
	"remote_type" varchar(64) NOT NULL,
	"remote_id" bigint NOT NULL,
	"last_pushed_hash" varchar(64) DEFAULT '' NOT NULL,
	"pushed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "proxbox_plugin_settings" ALTER COLUMN "netbox_max_concurrent" SET DEFAULT 4;--> statement-breakpoint
ALTER TABLE "proxbox_plugin_settings" ALTER COLUMN "netbox_max_retries" SET DEFAULT 3;--> statement-breakpoint
ALTER TABLE "proxbox_plugin_settings" ALTER COLUMN "netbox_retry_delay" SET DEFAULT 1;--> statement-breakpoint
ALTER TABLE "proxbox_plugin_settings" ALTER COLUMN "bulk_batch_size" SET DEFAULT 200;--> statement-breakpoint
ALTER TABLE "proxbox_plugin_settings" ALTER COLUMN "bulk_batch_delay_ms" SET DEFAULT 0;--> statement-breakpoint
ALTER TABLE "netbox_endpoints" ADD COLUMN "use_https" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "netbox_endpoints" ADD COLUMN "ca_certificate" text;--> statement-breakpoint
ALTER TABLE "netbox_push_state" ADD CONSTRAINT "netbox_push_state_endpoint_id_netbox_endpoints_id_fk" FOREIGN KEY ("endpoint_id") REFERENCES "public"."netbox_endpoints"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "netbox_push_state" ADD CONSTRAINT "netbox_push_state_job_id_sync_jobs_id_fk" FOREIGN KEY ("job_id") REFERENCES "public"."sync_jobs"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "netbox_remote_objects" ADD CONSTRAINT "netbox_remote_objects_endpoint_id_netbox_endpoints_id_fk" FOREIGN KEY ("endpoint_id") REFERENCES "public"."netbox_endpoints"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "netbox_remote_objects_key_uniq" ON "netbox_remote_objects" USING btree ("endpoint_id","remote_type","local_key");--> statement-breakpoint
CREATE UNIQUE INDEX "netbox_remote_objects_remote_uniq" ON "netbox_remote_objects" USING btree ("endpoint_id","remote_type","remote_id");--> statement-breakpoint
-- The old defaults did nothing until the push existed; a settings row still holding them gets the new ones.
UPDATE "proxbox_plugin_settings" SET "netbox_max_concurrent" = 4 WHERE "netbox_max_concurrent" = 1;--> statement-breakpoint
UPDATE "proxbox_plugin_settings" SET "netbox_max_retries" = 3 WHERE "netbox_max_retries" = 5;--> statement-breakpoint
UPDATE "proxbox_plugin_settings" SET "netbox_retry_delay" = 1 WHERE "netbox_retry_delay" = 2;--> statement-breakpoint
UPDATE "proxbox_plugin_settings" SET "bulk_batch_size" = 200 WHERE "bulk_batch_size" = 50;--> statement-breakpoint
UPDATE "proxbox_plugin_settings" SET "bulk_batch_delay_ms" = 0 WHERE "bulk_batch_delay_ms" = 500;
