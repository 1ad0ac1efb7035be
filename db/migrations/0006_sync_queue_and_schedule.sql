ALTER TABLE "proxbox_plugin_settings" ADD COLUMN "sync_interval_unit" varchar(8) DEFAULT 'minutes' NOT NULL;--> statement-breakpoint
ALTER TABLE "proxbox_plugin_settings" ADD COLUMN "sync_cron" varchar(100) DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "proxbox_plugin_settings" ADD COLUMN "sync_stages" varchar(300) DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "proxbox_plugin_settings" ADD COLUMN "sync_endpoints" varchar(300) DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "sync_jobs" ADD COLUMN "cancel_requested_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "sync_jobs" ADD COLUMN "cancel_requested_by" varchar(150);