CREATE TABLE "sync_schedule_slots" (
	"slot_start" timestamp with time zone PRIMARY KEY NOT NULL,
	"claimed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"claimed_by" varchar(100) NOT NULL,
	"job_id" bigint
);
--> statement-breakpoint
ALTER TABLE "sync_schedule_slots" ADD CONSTRAINT "sync_schedule_slots_job_id_sync_jobs_id_fk" FOREIGN KEY ("job_id") REFERENCES "public"."sync_jobs"("id") ON DELETE set null ON UPDATE no action;