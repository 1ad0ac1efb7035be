DROP INDEX "vm_task_histories_upid_uniq";--> statement-breakpoint
ALTER TABLE "vm_backups" ADD COLUMN "node" varchar(255);--> statement-breakpoint
CREATE UNIQUE INDEX "vm_task_histories_endpoint_upid_uniq" ON "vm_task_histories" USING btree ("proxmox_endpoint_id","upid");