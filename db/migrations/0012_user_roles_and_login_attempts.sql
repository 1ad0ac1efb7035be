CREATE TABLE "login_attempts" (
	"bucket" varchar(200) PRIMARY KEY NOT NULL,
	"attempts" integer NOT NULL,
	"window_start" timestamp with time zone NOT NULL,
	"blocked_until" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "role" varchar(16) DEFAULT 'viewer' NOT NULL;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "session_version" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
-- Existing administrators stay administrators; other users keep the syncs they could start
-- before and lose endpoint, settings and user management (docs/security.md).
UPDATE "users" SET "role" = CASE WHEN "is_admin" THEN 'admin' ELSE 'operator' END;--> statement-breakpoint
ALTER TABLE "users" DROP COLUMN "is_admin";