DROP INDEX "vm_task_histories_upid_uniq";--> statement-breakpoint
ALTER TABLE "vm_interfaces" ADD COLUMN "proxmox_key" varchar(16);--> statement-breakpoint
ALTER TABLE "proxmox_endpoints" ADD COLUMN "stale_vm_policy" varchar(16);--> statement-breakpoint
ALTER TABLE "proxmox_endpoints" ADD COLUMN "delete_orphans" boolean;--> statement-breakpoint
ALTER TABLE "vm_backups" ADD COLUMN "node" varchar(255);--> statement-breakpoint
CREATE UNIQUE INDEX "vm_task_histories_endpoint_upid_uniq" ON "vm_task_histories" USING btree ("proxmox_endpoint_id","upid");