CREATE INDEX "vms_name_trgm_idx" ON "virtual_machines" USING gin ("name" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "vms_description_trgm_idx" ON "virtual_machines" USING gin ("description" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "ip_addresses_address_trgm_idx" ON "ip_addresses" USING gin ("address" gin_trgm_ops);