ALTER TABLE "virtual_machines" ADD COLUMN "cloud_init" jsonb;--> statement-breakpoint
ALTER TABLE "proxmox_endpoints" DROP COLUMN "overwrite_cluster_custom_fields";--> statement-breakpoint
ALTER TABLE "proxmox_endpoints" DROP COLUMN "overwrite_node_interface_custom_fields";--> statement-breakpoint
ALTER TABLE "proxmox_endpoints" DROP COLUMN "overwrite_vm_interface_custom_fields";--> statement-breakpoint
ALTER TABLE "proxmox_endpoints" DROP COLUMN "overwrite_ip_custom_fields";--> statement-breakpoint
ALTER TABLE "proxbox_plugin_settings" DROP COLUMN "encryption_key";--> statement-breakpoint
ALTER TABLE "proxbox_plugin_settings" DROP COLUMN "overwrite_cluster_custom_fields";--> statement-breakpoint
ALTER TABLE "proxbox_plugin_settings" DROP COLUMN "overwrite_node_interface_custom_fields";--> statement-breakpoint
ALTER TABLE "proxbox_plugin_settings" DROP COLUMN "overwrite_vm_interface_custom_fields";--> statement-breakpoint
ALTER TABLE "proxbox_plugin_settings" DROP COLUMN "overwrite_ip_custom_fields";