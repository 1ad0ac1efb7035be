CREATE INDEX "vm_interfaces_mac_trgm_idx" ON "vm_interfaces" USING gin ("mac_address" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "vm_backups_volid_trgm_idx" ON "vm_backups" USING gin ("volid" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "vm_snapshots_name_trgm_idx" ON "vm_snapshots" USING gin ("name" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "vm_task_histories_upid_trgm_idx" ON "vm_task_histories" USING gin ("upid" gin_trgm_ops);