ALTER TABLE "proxmox_endpoints" ADD COLUMN "stale_vm_policy" varchar(16);--> statement-breakpoint
ALTER TABLE "proxmox_endpoints" ADD COLUMN "delete_orphans" boolean;