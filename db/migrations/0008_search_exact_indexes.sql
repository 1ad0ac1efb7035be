-- Global search ranks and, past its count cap, looks up exact matches with lower(column) = lower(text);
-- a trigram index cannot narrow a short text whose trigrams most rows share (a MAC prefix, "10.1").
CREATE INDEX "vms_description_lower_idx" ON "virtual_machines" USING hash (lower("description"));--> statement-breakpoint
CREATE INDEX "vm_interfaces_mac_lower_idx" ON "vm_interfaces" USING btree (lower("mac_address"));--> statement-breakpoint
CREATE INDEX "ip_addresses_address_lower_idx" ON "ip_addresses" USING btree (lower("address") text_pattern_ops);--> statement-breakpoint
CREATE INDEX "vm_backups_volid_lower_idx" ON "vm_backups" USING btree (lower("volid"));--> statement-breakpoint
CREATE INDEX "vm_snapshots_name_lower_idx" ON "vm_snapshots" USING btree (lower("name"));--> statement-breakpoint
CREATE INDEX "vm_task_histories_upid_lower_idx" ON "vm_task_histories" USING btree (lower("upid"));