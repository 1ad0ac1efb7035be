CREATE TABLE "users" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"username" varchar(150) NOT NULL,
	"password_hash" text NOT NULL,
	"is_admin" boolean DEFAULT true NOT NULL,
	"is_active" boolean DEFAULT true NOT NULL,
	"created" timestamp with time zone DEFAULT now() NOT NULL,
	"last_login" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "sites" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"created" timestamp with time zone DEFAULT now() NOT NULL,
	"last_updated" timestamp with time zone DEFAULT now() NOT NULL,
	"custom_field_data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"description" varchar(200) DEFAULT '' NOT NULL,
	"comments" text DEFAULT '' NOT NULL,
	"name" varchar(100) NOT NULL,
	"slug" varchar(100) NOT NULL,
	"status" varchar(50) DEFAULT 'active' NOT NULL,
	"tenant_id" bigint,
	"facility" varchar(50) DEFAULT '' NOT NULL,
	"time_zone" varchar(63),
	"physical_address" varchar(200) DEFAULT '' NOT NULL,
	"shipping_address" varchar(200) DEFAULT '' NOT NULL,
	"latitude" numeric(8, 6),
	"longitude" numeric(9, 6)
);
--> statement-breakpoint
CREATE TABLE "tenants" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"created" timestamp with time zone DEFAULT now() NOT NULL,
	"last_updated" timestamp with time zone DEFAULT now() NOT NULL,
	"custom_field_data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"description" varchar(200) DEFAULT '' NOT NULL,
	"comments" text DEFAULT '' NOT NULL,
	"name" varchar(100) NOT NULL,
	"slug" varchar(100) NOT NULL
);
--> statement-breakpoint
CREATE TABLE "device_roles" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"created" timestamp with time zone DEFAULT now() NOT NULL,
	"last_updated" timestamp with time zone DEFAULT now() NOT NULL,
	"custom_field_data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"description" varchar(200) DEFAULT '' NOT NULL,
	"comments" text DEFAULT '' NOT NULL,
	"name" varchar(100) NOT NULL,
	"slug" varchar(100) NOT NULL,
	"parent_id" bigint,
	"color" varchar(6) DEFAULT '9e9e9e' NOT NULL,
	"vm_role" boolean DEFAULT true NOT NULL
);
--> statement-breakpoint
CREATE TABLE "device_types" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"created" timestamp with time zone DEFAULT now() NOT NULL,
	"last_updated" timestamp with time zone DEFAULT now() NOT NULL,
	"custom_field_data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"description" varchar(200) DEFAULT '' NOT NULL,
	"comments" text DEFAULT '' NOT NULL,
	"manufacturer_id" bigint NOT NULL,
	"model" varchar(100) NOT NULL,
	"slug" varchar(100) NOT NULL,
	"default_platform_id" bigint,
	"part_number" varchar(50) DEFAULT '' NOT NULL,
	"u_height" numeric(4, 1) DEFAULT 1 NOT NULL,
	"exclude_from_utilization" boolean DEFAULT false NOT NULL,
	"is_full_depth" boolean DEFAULT true NOT NULL,
	"subdevice_role" varchar(50),
	"airflow" varchar(50),
	"weight" numeric(8, 2),
	"weight_unit" varchar(50)
);
--> statement-breakpoint
CREATE TABLE "devices" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"created" timestamp with time zone DEFAULT now() NOT NULL,
	"last_updated" timestamp with time zone DEFAULT now() NOT NULL,
	"custom_field_data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"description" varchar(200) DEFAULT '' NOT NULL,
	"comments" text DEFAULT '' NOT NULL,
	"name" varchar(64),
	"device_type_id" bigint NOT NULL,
	"role_id" bigint NOT NULL,
	"site_id" bigint NOT NULL,
	"tenant_id" bigint,
	"platform_id" bigint,
	"serial" varchar(50) DEFAULT '' NOT NULL,
	"asset_tag" varchar(50),
	"status" varchar(50) DEFAULT 'active' NOT NULL,
	"airflow" varchar(50),
	"face" varchar(50),
	"primary_ip4_id" bigint,
	"primary_ip6_id" bigint,
	"oob_ip_id" bigint,
	"cluster_id" bigint,
	"latitude" numeric(8, 6),
	"longitude" numeric(9, 6),
	"local_context_data" jsonb,
	"proxmox_endpoint_id" bigint,
	"proxmox_node" varchar(255)
);
--> statement-breakpoint
CREATE TABLE "interfaces" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"created" timestamp with time zone DEFAULT now() NOT NULL,
	"last_updated" timestamp with time zone DEFAULT now() NOT NULL,
	"custom_field_data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"description" varchar(200) DEFAULT '' NOT NULL,
	"comments" text DEFAULT '' NOT NULL,
	"device_id" bigint NOT NULL,
	"name" varchar(64) NOT NULL,
	"label" varchar(64) DEFAULT '' NOT NULL,
	"type" varchar(50) DEFAULT 'other' NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"parent_id" bigint,
	"bridge_id" bigint,
	"lag_id" bigint,
	"mtu" integer,
	"mac_address" varchar(18),
	"mgmt_only" boolean DEFAULT false NOT NULL,
	"mode" varchar(50),
	"untagged_vlan_id" bigint,
	"mark_connected" boolean DEFAULT false NOT NULL
);
--> statement-breakpoint
CREATE TABLE "manufacturers" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"created" timestamp with time zone DEFAULT now() NOT NULL,
	"last_updated" timestamp with time zone DEFAULT now() NOT NULL,
	"custom_field_data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"description" varchar(200) DEFAULT '' NOT NULL,
	"comments" text DEFAULT '' NOT NULL,
	"name" varchar(100) NOT NULL,
	"slug" varchar(100) NOT NULL
);
--> statement-breakpoint
CREATE TABLE "platforms" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"created" timestamp with time zone DEFAULT now() NOT NULL,
	"last_updated" timestamp with time zone DEFAULT now() NOT NULL,
	"custom_field_data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"description" varchar(200) DEFAULT '' NOT NULL,
	"comments" text DEFAULT '' NOT NULL,
	"name" varchar(100) NOT NULL,
	"slug" varchar(100) NOT NULL,
	"manufacturer_id" bigint
);
--> statement-breakpoint
CREATE TABLE "cluster_groups" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"created" timestamp with time zone DEFAULT now() NOT NULL,
	"last_updated" timestamp with time zone DEFAULT now() NOT NULL,
	"custom_field_data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"description" varchar(200) DEFAULT '' NOT NULL,
	"comments" text DEFAULT '' NOT NULL,
	"name" varchar(100) NOT NULL,
	"slug" varchar(100) NOT NULL
);
--> statement-breakpoint
CREATE TABLE "cluster_types" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"created" timestamp with time zone DEFAULT now() NOT NULL,
	"last_updated" timestamp with time zone DEFAULT now() NOT NULL,
	"custom_field_data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"description" varchar(200) DEFAULT '' NOT NULL,
	"comments" text DEFAULT '' NOT NULL,
	"name" varchar(100) NOT NULL,
	"slug" varchar(100) NOT NULL
);
--> statement-breakpoint
CREATE TABLE "clusters" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"created" timestamp with time zone DEFAULT now() NOT NULL,
	"last_updated" timestamp with time zone DEFAULT now() NOT NULL,
	"custom_field_data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"description" varchar(200) DEFAULT '' NOT NULL,
	"comments" text DEFAULT '' NOT NULL,
	"name" varchar(100) NOT NULL,
	"type_id" bigint NOT NULL,
	"group_id" bigint,
	"status" varchar(50) DEFAULT 'active' NOT NULL,
	"tenant_id" bigint,
	"scope_type" varchar(100),
	"scope_id" bigint,
	"site_id" bigint,
	"proxmox_endpoint_id" bigint
);
--> statement-breakpoint
CREATE TABLE "virtual_disks" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"created" timestamp with time zone DEFAULT now() NOT NULL,
	"last_updated" timestamp with time zone DEFAULT now() NOT NULL,
	"custom_field_data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"description" varchar(200) DEFAULT '' NOT NULL,
	"comments" text DEFAULT '' NOT NULL,
	"virtual_machine_id" bigint NOT NULL,
	"name" varchar(64) NOT NULL,
	"size" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "virtual_machine_types" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"created" timestamp with time zone DEFAULT now() NOT NULL,
	"last_updated" timestamp with time zone DEFAULT now() NOT NULL,
	"custom_field_data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"description" varchar(200) DEFAULT '' NOT NULL,
	"comments" text DEFAULT '' NOT NULL,
	"name" varchar(100) NOT NULL,
	"slug" varchar(100) NOT NULL,
	"default_platform_id" bigint,
	"default_vcpus" numeric(6, 2),
	"default_memory" integer
);
--> statement-breakpoint
CREATE TABLE "virtual_machines" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"created" timestamp with time zone DEFAULT now() NOT NULL,
	"last_updated" timestamp with time zone DEFAULT now() NOT NULL,
	"custom_field_data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"description" varchar(200) DEFAULT '' NOT NULL,
	"comments" text DEFAULT '' NOT NULL,
	"name" varchar(64) NOT NULL,
	"virtual_machine_type_id" bigint,
	"site_id" bigint,
	"cluster_id" bigint,
	"device_id" bigint,
	"tenant_id" bigint,
	"platform_id" bigint,
	"role_id" bigint,
	"status" varchar(50) DEFAULT 'active' NOT NULL,
	"start_on_boot" varchar(32) DEFAULT 'off' NOT NULL,
	"primary_ip4_id" bigint,
	"primary_ip6_id" bigint,
	"vcpus" numeric(6, 2),
	"memory" integer,
	"disk" integer,
	"serial" varchar(50) DEFAULT '' NOT NULL,
	"local_context_data" jsonb,
	"proxmox_endpoint_id" bigint,
	"proxmox_cluster_id" bigint,
	"vmid" integer,
	"guest_type" varchar(8),
	"proxmox_node" varchar(255),
	"proxmox_status" varchar(32),
	"proxmox_name" varchar(255),
	"qemu_agent" boolean,
	"unprivileged" boolean,
	"search_domain" varchar(255),
	"proxmox_tags" varchar(1024),
	"last_synced_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "vm_interfaces" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"created" timestamp with time zone DEFAULT now() NOT NULL,
	"last_updated" timestamp with time zone DEFAULT now() NOT NULL,
	"custom_field_data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"description" varchar(200) DEFAULT '' NOT NULL,
	"comments" text DEFAULT '' NOT NULL,
	"virtual_machine_id" bigint NOT NULL,
	"name" varchar(64) NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"parent_id" bigint,
	"bridge_id" bigint,
	"mtu" integer,
	"mode" varchar(50),
	"untagged_vlan_id" bigint,
	"mac_address" varchar(18),
	"proxmox_bridge" varchar(64)
);
--> statement-breakpoint
CREATE TABLE "ip_addresses" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"created" timestamp with time zone DEFAULT now() NOT NULL,
	"last_updated" timestamp with time zone DEFAULT now() NOT NULL,
	"custom_field_data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"description" varchar(200) DEFAULT '' NOT NULL,
	"comments" text DEFAULT '' NOT NULL,
	"address" varchar(64) NOT NULL,
	"tenant_id" bigint,
	"status" varchar(50) DEFAULT 'active' NOT NULL,
	"role" varchar(50),
	"assigned_object_type" varchar(100),
	"assigned_object_id" bigint,
	"nat_inside_id" bigint,
	"dns_name" varchar(255) DEFAULT '' NOT NULL,
	"proxmox_endpoint_id" bigint
);
--> statement-breakpoint
CREATE TABLE "vlans" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"created" timestamp with time zone DEFAULT now() NOT NULL,
	"last_updated" timestamp with time zone DEFAULT now() NOT NULL,
	"custom_field_data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"description" varchar(200) DEFAULT '' NOT NULL,
	"comments" text DEFAULT '' NOT NULL,
	"vid" integer NOT NULL,
	"name" varchar(64) NOT NULL,
	"site_id" bigint,
	"tenant_id" bigint,
	"status" varchar(50) DEFAULT 'active' NOT NULL
);
--> statement-breakpoint
CREATE TABLE "journal_entries" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"created" timestamp with time zone DEFAULT now() NOT NULL,
	"last_updated" timestamp with time zone DEFAULT now() NOT NULL,
	"custom_field_data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"assigned_object_type" varchar(100) NOT NULL,
	"assigned_object_id" bigint NOT NULL,
	"created_by_id" bigint,
	"kind" varchar(30) DEFAULT 'info' NOT NULL,
	"comments" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "object_changes" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"time" timestamp with time zone DEFAULT now() NOT NULL,
	"user_id" bigint,
	"user_name" varchar(150) NOT NULL,
	"request_id" varchar(64) NOT NULL,
	"action" varchar(50) NOT NULL,
	"changed_object_type" varchar(100) NOT NULL,
	"changed_object_id" bigint NOT NULL,
	"related_object_type" varchar(100),
	"related_object_id" bigint,
	"object_repr" varchar(200) NOT NULL,
	"message" varchar(200) DEFAULT '' NOT NULL,
	"prechange_data" jsonb,
	"postchange_data" jsonb
);
--> statement-breakpoint
CREATE TABLE "tagged_items" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"tag_id" bigint NOT NULL,
	"object_type" varchar(100) NOT NULL,
	"object_id" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "tags" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"created" timestamp with time zone DEFAULT now() NOT NULL,
	"last_updated" timestamp with time zone DEFAULT now() NOT NULL,
	"name" varchar(100) NOT NULL,
	"slug" varchar(100) NOT NULL,
	"color" varchar(6) DEFAULT '9e9e9e' NOT NULL,
	"description" varchar(200) DEFAULT '' NOT NULL,
	"weight" integer DEFAULT 1000 NOT NULL,
	"object_types" jsonb DEFAULT '[]'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "fastapi_endpoints" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"created" timestamp with time zone DEFAULT now() NOT NULL,
	"last_updated" timestamp with time zone DEFAULT now() NOT NULL,
	"custom_field_data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"description" varchar(200) DEFAULT '' NOT NULL,
	"comments" text DEFAULT '' NOT NULL,
	"ip_address_id" bigint,
	"domain" varchar(253),
	"enabled" boolean DEFAULT true NOT NULL,
	"singleton_key" varchar(32) DEFAULT 'default' NOT NULL,
	"name" varchar(255) DEFAULT 'ProxBox Endpoint' NOT NULL,
	"port" integer DEFAULT 8000 NOT NULL,
	"verify_ssl" boolean DEFAULT true NOT NULL,
	"use_https" boolean DEFAULT false NOT NULL,
	"backend_token" text,
	"use_websocket" boolean DEFAULT false NOT NULL,
	"websocket_domain" varchar(255),
	"websocket_port" integer,
	"server_side_websocket" boolean DEFAULT false NOT NULL,
	"websocket_url" varchar(512)
);
--> statement-breakpoint
CREATE TABLE "netbox_endpoints" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"created" timestamp with time zone DEFAULT now() NOT NULL,
	"last_updated" timestamp with time zone DEFAULT now() NOT NULL,
	"custom_field_data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"description" varchar(200) DEFAULT '' NOT NULL,
	"comments" text DEFAULT '' NOT NULL,
	"ip_address_id" bigint,
	"domain" varchar(253),
	"enabled" boolean DEFAULT true NOT NULL,
	"name" varchar(255) DEFAULT 'NetBox Endpoint' NOT NULL,
	"port" integer DEFAULT 8000 NOT NULL,
	"verify_ssl" boolean DEFAULT true NOT NULL,
	"token_version" varchar(2) DEFAULT 'v1' NOT NULL,
	"token_name" varchar(255) DEFAULT '' NOT NULL,
	"token" text,
	"token_key" varchar(255) DEFAULT '' NOT NULL,
	"token_secret" text
);
--> statement-breakpoint
CREATE TABLE "proxmox_endpoints" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"created" timestamp with time zone DEFAULT now() NOT NULL,
	"last_updated" timestamp with time zone DEFAULT now() NOT NULL,
	"custom_field_data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"description" varchar(200) DEFAULT '' NOT NULL,
	"comments" text DEFAULT '' NOT NULL,
	"ip_address_id" bigint,
	"domain" varchar(253),
	"enabled" boolean DEFAULT true NOT NULL,
	"name" varchar(255) DEFAULT 'Proxmox Endpoint' NOT NULL,
	"port" integer DEFAULT 8006 NOT NULL,
	"mode" varchar(255) DEFAULT 'undefined' NOT NULL,
	"version" varchar(20),
	"repoid" varchar(16),
	"username" varchar(255) DEFAULT 'root@pam' NOT NULL,
	"password" text,
	"token_name" varchar(255) DEFAULT '' NOT NULL,
	"token_value" text,
	"verify_ssl" boolean DEFAULT false NOT NULL,
	"ca_certificate" text,
	"timeout" integer,
	"max_retries" smallint,
	"retry_backoff" numeric(5, 2),
	"overwrite_device_role" boolean,
	"overwrite_device_type" boolean,
	"overwrite_device_tags" boolean,
	"overwrite_device_status" boolean,
	"overwrite_device_description" boolean,
	"overwrite_device_custom_fields" boolean,
	"overwrite_vm_role" boolean,
	"overwrite_vm_type" boolean,
	"overwrite_vm_tags" boolean,
	"overwrite_vm_proxmox_tags" boolean,
	"overwrite_vm_description" boolean,
	"overwrite_vm_custom_fields" boolean,
	"overwrite_vm_cloudinit" boolean,
	"overwrite_cluster_tags" boolean,
	"overwrite_cluster_description" boolean,
	"overwrite_cluster_custom_fields" boolean,
	"overwrite_node_interface_tags" boolean,
	"overwrite_node_interface_custom_fields" boolean,
	"overwrite_storage_tags" boolean,
	"overwrite_vm_interface_tags" boolean,
	"overwrite_vm_interface_custom_fields" boolean,
	"overwrite_ip_status" boolean,
	"overwrite_ip_tags" boolean,
	"overwrite_ip_custom_fields" boolean,
	"overwrite_ip_address_dns_name" boolean,
	"site_id" bigint,
	"tenant_id" bigint
);
--> statement-breakpoint
CREATE TABLE "proxmox_clusters" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"created" timestamp with time zone DEFAULT now() NOT NULL,
	"last_updated" timestamp with time zone DEFAULT now() NOT NULL,
	"custom_field_data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"description" varchar(200) DEFAULT '' NOT NULL,
	"comments" text DEFAULT '' NOT NULL,
	"name" varchar(255) NOT NULL,
	"proxmox_endpoint_id" bigint NOT NULL,
	"netbox_cluster_id" bigint,
	"cluster_id" varchar(255) DEFAULT '' NOT NULL,
	"mode" varchar(255) DEFAULT 'cluster' NOT NULL,
	"nodes_count" integer DEFAULT 0 NOT NULL,
	"quorate" boolean DEFAULT false NOT NULL,
	"version" integer
);
--> statement-breakpoint
CREATE TABLE "proxmox_nodes" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"created" timestamp with time zone DEFAULT now() NOT NULL,
	"last_updated" timestamp with time zone DEFAULT now() NOT NULL,
	"custom_field_data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"description" varchar(200) DEFAULT '' NOT NULL,
	"comments" text DEFAULT '' NOT NULL,
	"name" varchar(255) NOT NULL,
	"proxmox_endpoint_id" bigint NOT NULL,
	"netbox_device_id" bigint,
	"proxmox_cluster_id" bigint,
	"node_id" integer,
	"ip_address" varchar(64) NOT NULL,
	"online" boolean DEFAULT false NOT NULL,
	"local" boolean DEFAULT false NOT NULL,
	"cpu_usage" double precision,
	"max_cpu" integer,
	"memory_usage" bigint,
	"max_memory" bigint,
	"ssl_fingerprint" varchar(255) DEFAULT '' NOT NULL,
	"support_level" varchar(100) DEFAULT '' NOT NULL
);
--> statement-breakpoint
CREATE TABLE "proxmox_storage_virtual_disks" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"created" timestamp with time zone DEFAULT now() NOT NULL,
	"last_updated" timestamp with time zone DEFAULT now() NOT NULL,
	"custom_field_data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"proxmox_storage_id" bigint NOT NULL,
	"virtual_disk_id" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "proxmox_storages" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"created" timestamp with time zone DEFAULT now() NOT NULL,
	"last_updated" timestamp with time zone DEFAULT now() NOT NULL,
	"custom_field_data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"description" varchar(200) DEFAULT '' NOT NULL,
	"comments" text DEFAULT '' NOT NULL,
	"name" varchar(255) NOT NULL,
	"proxmox_endpoint_id" bigint NOT NULL,
	"cluster_id" bigint,
	"storage_type" varchar(100) DEFAULT '' NOT NULL,
	"content" varchar(255) DEFAULT '' NOT NULL,
	"path" varchar(1024),
	"nodes" text,
	"shared" boolean DEFAULT false NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"server" varchar(255),
	"port" integer,
	"username" varchar(255),
	"export" varchar(1024),
	"share" varchar(255),
	"pool" varchar(255),
	"monhost" varchar(512),
	"namespace" varchar(255),
	"datastore" varchar(255),
	"subdir" varchar(1024),
	"mountpoint" varchar(1024),
	"is_mountpoint" varchar(255),
	"preallocation" varchar(50),
	"format" varchar(100),
	"prune_backups" varchar(512),
	"max_protected_backups" integer,
	"raw_config" jsonb DEFAULT '{}'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "vm_backups" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"created" timestamp with time zone DEFAULT now() NOT NULL,
	"last_updated" timestamp with time zone DEFAULT now() NOT NULL,
	"custom_field_data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"description" varchar(200) DEFAULT '' NOT NULL,
	"comments" text DEFAULT '' NOT NULL,
	"proxmox_endpoint_id" bigint NOT NULL,
	"virtual_machine_id" bigint,
	"proxmox_storage_id" bigint,
	"storage" varchar(255),
	"volid" varchar(255) NOT NULL,
	"subtype" varchar(16) DEFAULT 'undefined' NOT NULL,
	"format" varchar(16) DEFAULT 'undefined' NOT NULL,
	"creation_time" timestamp with time zone,
	"size" bigint,
	"notes" text,
	"vmid" integer,
	"used" bigint,
	"encrypted" varchar(255) DEFAULT '' NOT NULL,
	"verification_state" varchar(255),
	"verification_upid" varchar(255)
);
--> statement-breakpoint
CREATE TABLE "vm_snapshots" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"created" timestamp with time zone DEFAULT now() NOT NULL,
	"last_updated" timestamp with time zone DEFAULT now() NOT NULL,
	"custom_field_data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"description" varchar(200) DEFAULT '' NOT NULL,
	"comments" text DEFAULT '' NOT NULL,
	"virtual_machine_id" bigint NOT NULL,
	"proxmox_storage_id" bigint,
	"name" varchar(255) NOT NULL,
	"vmid" integer,
	"node" varchar(255) DEFAULT '' NOT NULL,
	"snaptime" timestamp with time zone,
	"parent" varchar(255),
	"subtype" varchar(16) DEFAULT 'qemu' NOT NULL,
	"status" varchar(16) DEFAULT 'active' NOT NULL
);
--> statement-breakpoint
CREATE TABLE "vm_task_histories" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"created" timestamp with time zone DEFAULT now() NOT NULL,
	"last_updated" timestamp with time zone DEFAULT now() NOT NULL,
	"custom_field_data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"description" varchar(200) DEFAULT '' NOT NULL,
	"comments" text DEFAULT '' NOT NULL,
	"proxmox_endpoint_id" bigint NOT NULL,
	"virtual_machine_id" bigint,
	"vm_type" varchar(16) DEFAULT 'unknown' NOT NULL,
	"upid" varchar(255) NOT NULL,
	"node" varchar(255) DEFAULT '' NOT NULL,
	"pid" integer,
	"pstart" bigint,
	"task_id" varchar(255),
	"type" varchar(255) DEFAULT '' NOT NULL,
	"username" varchar(255) DEFAULT '' NOT NULL,
	"start_time" timestamp with time zone NOT NULL,
	"end_time" timestamp with time zone,
	"status" text,
	"task_state" varchar(255),
	"exitstatus" text
);
--> statement-breakpoint
CREATE TABLE "backup_routines" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"created" timestamp with time zone DEFAULT now() NOT NULL,
	"last_updated" timestamp with time zone DEFAULT now() NOT NULL,
	"custom_field_data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"description" varchar(200) DEFAULT '' NOT NULL,
	"comments" text DEFAULT '' NOT NULL,
	"name" varchar(255) DEFAULT '' NOT NULL,
	"proxmox_endpoint_id" bigint NOT NULL,
	"job_id" varchar(255) NOT NULL,
	"vmid" varchar(1024),
	"enabled" boolean DEFAULT true NOT NULL,
	"schedule" varchar(255) DEFAULT '' NOT NULL,
	"next_run" timestamp with time zone,
	"node_id" bigint,
	"storage_id" bigint,
	"selection" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"comment" text DEFAULT '' NOT NULL,
	"status" varchar(16) DEFAULT 'active' NOT NULL,
	"keep_last" integer,
	"keep_daily" integer,
	"keep_weekly" integer,
	"keep_monthly" integer,
	"keep_yearly" integer,
	"keep_all" boolean,
	"notes_template" text DEFAULT '' NOT NULL,
	"bwlimit" integer,
	"zstd" integer,
	"io_workers" integer,
	"fleecing" varchar(255) DEFAULT '' NOT NULL,
	"fleecing_storage_id" bigint,
	"repeat_missed" boolean,
	"pbs_change_detection_mode" varchar(50) DEFAULT '' NOT NULL,
	"raw_config" jsonb DEFAULT '{}'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "proxbox_plugin_settings" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"created" timestamp with time zone DEFAULT now() NOT NULL,
	"last_updated" timestamp with time zone DEFAULT now() NOT NULL,
	"custom_field_data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"singleton_key" varchar(32) DEFAULT 'default' NOT NULL,
	"sync_enabled" boolean DEFAULT false NOT NULL,
	"sync_interval" integer DEFAULT 60 NOT NULL,
	"use_guest_agent_interface_name" boolean DEFAULT true NOT NULL,
	"proxbox_fetch_max_concurrency" integer DEFAULT 8 NOT NULL,
	"ignore_ipv6_link_local_addresses" boolean DEFAULT true NOT NULL,
	"primary_ip_preference" varchar(8) DEFAULT 'ipv4' NOT NULL,
	"netbox_max_concurrent" integer DEFAULT 1 NOT NULL,
	"netbox_max_retries" integer DEFAULT 5 NOT NULL,
	"netbox_retry_delay" numeric(6, 2) DEFAULT 2 NOT NULL,
	"netbox_get_cache_ttl" numeric(8, 2) DEFAULT 60 NOT NULL,
	"bulk_batch_size" integer DEFAULT 50 NOT NULL,
	"bulk_batch_delay_ms" integer DEFAULT 500 NOT NULL,
	"vm_sync_max_concurrency" integer DEFAULT 4 NOT NULL,
	"custom_fields_request_delay" numeric(6, 2) DEFAULT 0 NOT NULL,
	"backend_log_file_path" varchar(255) DEFAULT '/var/log/proxbox.log' NOT NULL,
	"ssrf_protection_enabled" boolean DEFAULT true NOT NULL,
	"allow_private_ips" boolean DEFAULT true NOT NULL,
	"additional_allowed_ip_ranges" text DEFAULT '' NOT NULL,
	"explicitly_blocked_ip_ranges" text DEFAULT '' NOT NULL,
	"encryption_key" text,
	"proxmox_timeout" integer DEFAULT 5 NOT NULL,
	"proxmox_max_retries" integer DEFAULT 0 NOT NULL,
	"proxmox_retry_backoff" numeric(5, 2) DEFAULT 0.5 NOT NULL,
	"delete_orphans" boolean DEFAULT false NOT NULL,
	"stale_vm_policy" varchar(16) DEFAULT 'mark' NOT NULL,
	"task_history_days" integer DEFAULT 30 NOT NULL,
	"overwrite_device_role" boolean DEFAULT true NOT NULL,
	"overwrite_device_type" boolean DEFAULT true NOT NULL,
	"overwrite_device_tags" boolean DEFAULT true NOT NULL,
	"overwrite_device_status" boolean DEFAULT true NOT NULL,
	"overwrite_device_description" boolean DEFAULT true NOT NULL,
	"overwrite_device_custom_fields" boolean DEFAULT true NOT NULL,
	"overwrite_vm_role" boolean DEFAULT true NOT NULL,
	"overwrite_vm_type" boolean DEFAULT true NOT NULL,
	"overwrite_vm_tags" boolean DEFAULT true NOT NULL,
	"overwrite_vm_proxmox_tags" boolean DEFAULT true NOT NULL,
	"overwrite_vm_description" boolean DEFAULT true NOT NULL,
	"overwrite_vm_custom_fields" boolean DEFAULT true NOT NULL,
	"overwrite_vm_cloudinit" boolean DEFAULT true NOT NULL,
	"overwrite_cluster_tags" boolean DEFAULT true NOT NULL,
	"overwrite_cluster_description" boolean DEFAULT true NOT NULL,
	"overwrite_cluster_custom_fields" boolean DEFAULT true NOT NULL,
	"overwrite_node_interface_tags" boolean DEFAULT true NOT NULL,
	"overwrite_node_interface_custom_fields" boolean DEFAULT true NOT NULL,
	"overwrite_storage_tags" boolean DEFAULT true NOT NULL,
	"overwrite_vm_interface_tags" boolean DEFAULT true NOT NULL,
	"overwrite_vm_interface_custom_fields" boolean DEFAULT true NOT NULL,
	"overwrite_ip_status" boolean DEFAULT true NOT NULL,
	"overwrite_ip_tags" boolean DEFAULT true NOT NULL,
	"overwrite_ip_custom_fields" boolean DEFAULT true NOT NULL,
	"overwrite_ip_address_dns_name" boolean DEFAULT true NOT NULL
);
--> statement-breakpoint
CREATE TABLE "replications" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"created" timestamp with time zone DEFAULT now() NOT NULL,
	"last_updated" timestamp with time zone DEFAULT now() NOT NULL,
	"custom_field_data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"description" varchar(200) DEFAULT '' NOT NULL,
	"comments" text DEFAULT '' NOT NULL,
	"name" varchar(255) DEFAULT '' NOT NULL,
	"proxmox_endpoint_id" bigint NOT NULL,
	"replication_id" varchar(255) NOT NULL,
	"vmid" varchar(32),
	"virtual_machine_id" bigint,
	"proxmox_node_id" bigint,
	"guest" integer,
	"target" varchar(255) DEFAULT '' NOT NULL,
	"job_type" varchar(16) DEFAULT 'local' NOT NULL,
	"schedule" varchar(128) DEFAULT '' NOT NULL,
	"rate" double precision,
	"comment" text,
	"disable" boolean DEFAULT false NOT NULL,
	"source" varchar(255),
	"jobnum" integer NOT NULL,
	"remove_job" varchar(16),
	"status" varchar(16) DEFAULT 'active' NOT NULL,
	"raw_config" jsonb DEFAULT '{}'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sync_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"job_id" bigint NOT NULL,
	"seq" integer NOT NULL,
	"time" timestamp with time zone DEFAULT now() NOT NULL,
	"event" varchar(32) NOT NULL,
	"stage" varchar(32),
	"payload" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sync_jobs" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"kind" varchar(16) DEFAULT 'full' NOT NULL,
	"stages" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"endpoint_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"object_type" varchar(100),
	"object_id" bigint,
	"dry_run" boolean DEFAULT false NOT NULL,
	"status" varchar(32) DEFAULT 'queued' NOT NULL,
	"requested_by" varchar(150) NOT NULL,
	"created" timestamp with time zone DEFAULT now() NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"worker_id" varchar(100),
	"heartbeat_at" timestamp with time zone,
	"summary" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"proxmox_requests" integer DEFAULT 0 NOT NULL,
	"error_count" integer DEFAULT 0 NOT NULL,
	"error" text
);
--> statement-breakpoint
ALTER TABLE "sites" ADD CONSTRAINT "sites_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "device_roles" ADD CONSTRAINT "device_roles_parent_id_device_roles_id_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."device_roles"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "device_types" ADD CONSTRAINT "device_types_manufacturer_id_manufacturers_id_fk" FOREIGN KEY ("manufacturer_id") REFERENCES "public"."manufacturers"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "device_types" ADD CONSTRAINT "device_types_default_platform_id_platforms_id_fk" FOREIGN KEY ("default_platform_id") REFERENCES "public"."platforms"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "devices" ADD CONSTRAINT "devices_device_type_id_device_types_id_fk" FOREIGN KEY ("device_type_id") REFERENCES "public"."device_types"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "devices" ADD CONSTRAINT "devices_role_id_device_roles_id_fk" FOREIGN KEY ("role_id") REFERENCES "public"."device_roles"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "devices" ADD CONSTRAINT "devices_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "devices" ADD CONSTRAINT "devices_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "devices" ADD CONSTRAINT "devices_platform_id_platforms_id_fk" FOREIGN KEY ("platform_id") REFERENCES "public"."platforms"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "devices" ADD CONSTRAINT "devices_primary_ip4_id_ip_addresses_id_fk" FOREIGN KEY ("primary_ip4_id") REFERENCES "public"."ip_addresses"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "devices" ADD CONSTRAINT "devices_primary_ip6_id_ip_addresses_id_fk" FOREIGN KEY ("primary_ip6_id") REFERENCES "public"."ip_addresses"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "devices" ADD CONSTRAINT "devices_oob_ip_id_ip_addresses_id_fk" FOREIGN KEY ("oob_ip_id") REFERENCES "public"."ip_addresses"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "devices" ADD CONSTRAINT "devices_cluster_id_clusters_id_fk" FOREIGN KEY ("cluster_id") REFERENCES "public"."clusters"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "devices" ADD CONSTRAINT "devices_proxmox_endpoint_id_proxmox_endpoints_id_fk" FOREIGN KEY ("proxmox_endpoint_id") REFERENCES "public"."proxmox_endpoints"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "interfaces" ADD CONSTRAINT "interfaces_device_id_devices_id_fk" FOREIGN KEY ("device_id") REFERENCES "public"."devices"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "interfaces" ADD CONSTRAINT "interfaces_parent_id_interfaces_id_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."interfaces"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "interfaces" ADD CONSTRAINT "interfaces_bridge_id_interfaces_id_fk" FOREIGN KEY ("bridge_id") REFERENCES "public"."interfaces"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "interfaces" ADD CONSTRAINT "interfaces_lag_id_interfaces_id_fk" FOREIGN KEY ("lag_id") REFERENCES "public"."interfaces"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "interfaces" ADD CONSTRAINT "interfaces_untagged_vlan_id_vlans_id_fk" FOREIGN KEY ("untagged_vlan_id") REFERENCES "public"."vlans"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "platforms" ADD CONSTRAINT "platforms_manufacturer_id_manufacturers_id_fk" FOREIGN KEY ("manufacturer_id") REFERENCES "public"."manufacturers"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "clusters" ADD CONSTRAINT "clusters_type_id_cluster_types_id_fk" FOREIGN KEY ("type_id") REFERENCES "public"."cluster_types"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "clusters" ADD CONSTRAINT "clusters_group_id_cluster_groups_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."cluster_groups"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "clusters" ADD CONSTRAINT "clusters_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "clusters" ADD CONSTRAINT "clusters_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "clusters" ADD CONSTRAINT "clusters_proxmox_endpoint_id_proxmox_endpoints_id_fk" FOREIGN KEY ("proxmox_endpoint_id") REFERENCES "public"."proxmox_endpoints"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "virtual_disks" ADD CONSTRAINT "virtual_disks_virtual_machine_id_virtual_machines_id_fk" FOREIGN KEY ("virtual_machine_id") REFERENCES "public"."virtual_machines"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "virtual_machine_types" ADD CONSTRAINT "virtual_machine_types_default_platform_id_platforms_id_fk" FOREIGN KEY ("default_platform_id") REFERENCES "public"."platforms"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "virtual_machines" ADD CONSTRAINT "virtual_machines_virtual_machine_type_id_virtual_machine_types_id_fk" FOREIGN KEY ("virtual_machine_type_id") REFERENCES "public"."virtual_machine_types"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "virtual_machines" ADD CONSTRAINT "virtual_machines_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "virtual_machines" ADD CONSTRAINT "virtual_machines_cluster_id_clusters_id_fk" FOREIGN KEY ("cluster_id") REFERENCES "public"."clusters"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "virtual_machines" ADD CONSTRAINT "virtual_machines_device_id_devices_id_fk" FOREIGN KEY ("device_id") REFERENCES "public"."devices"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "virtual_machines" ADD CONSTRAINT "virtual_machines_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "virtual_machines" ADD CONSTRAINT "virtual_machines_platform_id_platforms_id_fk" FOREIGN KEY ("platform_id") REFERENCES "public"."platforms"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "virtual_machines" ADD CONSTRAINT "virtual_machines_role_id_device_roles_id_fk" FOREIGN KEY ("role_id") REFERENCES "public"."device_roles"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "virtual_machines" ADD CONSTRAINT "virtual_machines_primary_ip4_id_ip_addresses_id_fk" FOREIGN KEY ("primary_ip4_id") REFERENCES "public"."ip_addresses"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "virtual_machines" ADD CONSTRAINT "virtual_machines_primary_ip6_id_ip_addresses_id_fk" FOREIGN KEY ("primary_ip6_id") REFERENCES "public"."ip_addresses"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "virtual_machines" ADD CONSTRAINT "virtual_machines_proxmox_endpoint_id_proxmox_endpoints_id_fk" FOREIGN KEY ("proxmox_endpoint_id") REFERENCES "public"."proxmox_endpoints"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "virtual_machines" ADD CONSTRAINT "virtual_machines_proxmox_cluster_id_proxmox_clusters_id_fk" FOREIGN KEY ("proxmox_cluster_id") REFERENCES "public"."proxmox_clusters"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vm_interfaces" ADD CONSTRAINT "vm_interfaces_virtual_machine_id_virtual_machines_id_fk" FOREIGN KEY ("virtual_machine_id") REFERENCES "public"."virtual_machines"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vm_interfaces" ADD CONSTRAINT "vm_interfaces_parent_id_vm_interfaces_id_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."vm_interfaces"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vm_interfaces" ADD CONSTRAINT "vm_interfaces_bridge_id_vm_interfaces_id_fk" FOREIGN KEY ("bridge_id") REFERENCES "public"."vm_interfaces"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vm_interfaces" ADD CONSTRAINT "vm_interfaces_untagged_vlan_id_vlans_id_fk" FOREIGN KEY ("untagged_vlan_id") REFERENCES "public"."vlans"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ip_addresses" ADD CONSTRAINT "ip_addresses_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ip_addresses" ADD CONSTRAINT "ip_addresses_nat_inside_id_ip_addresses_id_fk" FOREIGN KEY ("nat_inside_id") REFERENCES "public"."ip_addresses"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ip_addresses" ADD CONSTRAINT "ip_addresses_proxmox_endpoint_id_proxmox_endpoints_id_fk" FOREIGN KEY ("proxmox_endpoint_id") REFERENCES "public"."proxmox_endpoints"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vlans" ADD CONSTRAINT "vlans_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vlans" ADD CONSTRAINT "vlans_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "journal_entries" ADD CONSTRAINT "journal_entries_created_by_id_users_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "object_changes" ADD CONSTRAINT "object_changes_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tagged_items" ADD CONSTRAINT "tagged_items_tag_id_tags_id_fk" FOREIGN KEY ("tag_id") REFERENCES "public"."tags"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fastapi_endpoints" ADD CONSTRAINT "fastapi_endpoints_ip_address_id_ip_addresses_id_fk" FOREIGN KEY ("ip_address_id") REFERENCES "public"."ip_addresses"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "netbox_endpoints" ADD CONSTRAINT "netbox_endpoints_ip_address_id_ip_addresses_id_fk" FOREIGN KEY ("ip_address_id") REFERENCES "public"."ip_addresses"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "proxmox_endpoints" ADD CONSTRAINT "proxmox_endpoints_ip_address_id_ip_addresses_id_fk" FOREIGN KEY ("ip_address_id") REFERENCES "public"."ip_addresses"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "proxmox_endpoints" ADD CONSTRAINT "proxmox_endpoints_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "proxmox_endpoints" ADD CONSTRAINT "proxmox_endpoints_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "proxmox_clusters" ADD CONSTRAINT "proxmox_clusters_proxmox_endpoint_id_proxmox_endpoints_id_fk" FOREIGN KEY ("proxmox_endpoint_id") REFERENCES "public"."proxmox_endpoints"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "proxmox_clusters" ADD CONSTRAINT "proxmox_clusters_netbox_cluster_id_clusters_id_fk" FOREIGN KEY ("netbox_cluster_id") REFERENCES "public"."clusters"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "proxmox_nodes" ADD CONSTRAINT "proxmox_nodes_proxmox_endpoint_id_proxmox_endpoints_id_fk" FOREIGN KEY ("proxmox_endpoint_id") REFERENCES "public"."proxmox_endpoints"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "proxmox_nodes" ADD CONSTRAINT "proxmox_nodes_netbox_device_id_devices_id_fk" FOREIGN KEY ("netbox_device_id") REFERENCES "public"."devices"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "proxmox_nodes" ADD CONSTRAINT "proxmox_nodes_proxmox_cluster_id_proxmox_clusters_id_fk" FOREIGN KEY ("proxmox_cluster_id") REFERENCES "public"."proxmox_clusters"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "proxmox_storage_virtual_disks" ADD CONSTRAINT "proxmox_storage_virtual_disks_proxmox_storage_id_proxmox_storages_id_fk" FOREIGN KEY ("proxmox_storage_id") REFERENCES "public"."proxmox_storages"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "proxmox_storage_virtual_disks" ADD CONSTRAINT "proxmox_storage_virtual_disks_virtual_disk_id_virtual_disks_id_fk" FOREIGN KEY ("virtual_disk_id") REFERENCES "public"."virtual_disks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "proxmox_storages" ADD CONSTRAINT "proxmox_storages_proxmox_endpoint_id_proxmox_endpoints_id_fk" FOREIGN KEY ("proxmox_endpoint_id") REFERENCES "public"."proxmox_endpoints"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "proxmox_storages" ADD CONSTRAINT "proxmox_storages_cluster_id_clusters_id_fk" FOREIGN KEY ("cluster_id") REFERENCES "public"."clusters"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vm_backups" ADD CONSTRAINT "vm_backups_proxmox_endpoint_id_proxmox_endpoints_id_fk" FOREIGN KEY ("proxmox_endpoint_id") REFERENCES "public"."proxmox_endpoints"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vm_backups" ADD CONSTRAINT "vm_backups_virtual_machine_id_virtual_machines_id_fk" FOREIGN KEY ("virtual_machine_id") REFERENCES "public"."virtual_machines"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vm_backups" ADD CONSTRAINT "vm_backups_proxmox_storage_id_proxmox_storages_id_fk" FOREIGN KEY ("proxmox_storage_id") REFERENCES "public"."proxmox_storages"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vm_snapshots" ADD CONSTRAINT "vm_snapshots_virtual_machine_id_virtual_machines_id_fk" FOREIGN KEY ("virtual_machine_id") REFERENCES "public"."virtual_machines"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vm_snapshots" ADD CONSTRAINT "vm_snapshots_proxmox_storage_id_proxmox_storages_id_fk" FOREIGN KEY ("proxmox_storage_id") REFERENCES "public"."proxmox_storages"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vm_task_histories" ADD CONSTRAINT "vm_task_histories_proxmox_endpoint_id_proxmox_endpoints_id_fk" FOREIGN KEY ("proxmox_endpoint_id") REFERENCES "public"."proxmox_endpoints"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vm_task_histories" ADD CONSTRAINT "vm_task_histories_virtual_machine_id_virtual_machines_id_fk" FOREIGN KEY ("virtual_machine_id") REFERENCES "public"."virtual_machines"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "backup_routines" ADD CONSTRAINT "backup_routines_proxmox_endpoint_id_proxmox_endpoints_id_fk" FOREIGN KEY ("proxmox_endpoint_id") REFERENCES "public"."proxmox_endpoints"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "backup_routines" ADD CONSTRAINT "backup_routines_node_id_proxmox_nodes_id_fk" FOREIGN KEY ("node_id") REFERENCES "public"."proxmox_nodes"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "backup_routines" ADD CONSTRAINT "backup_routines_storage_id_proxmox_storages_id_fk" FOREIGN KEY ("storage_id") REFERENCES "public"."proxmox_storages"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "backup_routines" ADD CONSTRAINT "backup_routines_fleecing_storage_id_proxmox_storages_id_fk" FOREIGN KEY ("fleecing_storage_id") REFERENCES "public"."proxmox_storages"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "replications" ADD CONSTRAINT "replications_proxmox_endpoint_id_proxmox_endpoints_id_fk" FOREIGN KEY ("proxmox_endpoint_id") REFERENCES "public"."proxmox_endpoints"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "replications" ADD CONSTRAINT "replications_virtual_machine_id_virtual_machines_id_fk" FOREIGN KEY ("virtual_machine_id") REFERENCES "public"."virtual_machines"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "replications" ADD CONSTRAINT "replications_proxmox_node_id_proxmox_nodes_id_fk" FOREIGN KEY ("proxmox_node_id") REFERENCES "public"."proxmox_nodes"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sync_events" ADD CONSTRAINT "sync_events_job_id_sync_jobs_id_fk" FOREIGN KEY ("job_id") REFERENCES "public"."sync_jobs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "users_username_uniq" ON "users" USING btree (lower("username"));--> statement-breakpoint
CREATE UNIQUE INDEX "sites_name_uniq" ON "sites" USING btree ("name");--> statement-breakpoint
CREATE UNIQUE INDEX "sites_slug_uniq" ON "sites" USING btree ("slug");--> statement-breakpoint
CREATE UNIQUE INDEX "tenants_name_uniq" ON "tenants" USING btree ("name");--> statement-breakpoint
CREATE UNIQUE INDEX "tenants_slug_uniq" ON "tenants" USING btree ("slug");--> statement-breakpoint
CREATE UNIQUE INDEX "device_roles_parent_name_uniq" ON "device_roles" USING btree ("parent_id","name");--> statement-breakpoint
CREATE UNIQUE INDEX "device_roles_parent_slug_uniq" ON "device_roles" USING btree ("parent_id","slug");--> statement-breakpoint
CREATE UNIQUE INDEX "device_roles_toplevel_name_uniq" ON "device_roles" USING btree ("name") WHERE "device_roles"."parent_id" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "device_roles_toplevel_slug_uniq" ON "device_roles" USING btree ("slug") WHERE "device_roles"."parent_id" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "device_types_manufacturer_model_uniq" ON "device_types" USING btree ("manufacturer_id","model");--> statement-breakpoint
CREATE UNIQUE INDEX "device_types_manufacturer_slug_uniq" ON "device_types" USING btree ("manufacturer_id","slug");--> statement-breakpoint
CREATE UNIQUE INDEX "devices_name_site_tenant_uniq" ON "devices" USING btree (lower("name"),"site_id","tenant_id");--> statement-breakpoint
CREATE UNIQUE INDEX "devices_name_site_uniq" ON "devices" USING btree (lower("name"),"site_id") WHERE "devices"."tenant_id" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "devices_asset_tag_uniq" ON "devices" USING btree ("asset_tag");--> statement-breakpoint
CREATE UNIQUE INDEX "devices_proxmox_identity_uniq" ON "devices" USING btree ("proxmox_endpoint_id","proxmox_node");--> statement-breakpoint
CREATE INDEX "devices_cluster_idx" ON "devices" USING btree ("cluster_id");--> statement-breakpoint
CREATE INDEX "devices_name_idx" ON "devices" USING btree ("name");--> statement-breakpoint
CREATE UNIQUE INDEX "interfaces_device_name_uniq" ON "interfaces" USING btree ("device_id","name");--> statement-breakpoint
CREATE UNIQUE INDEX "manufacturers_name_uniq" ON "manufacturers" USING btree ("name");--> statement-breakpoint
CREATE UNIQUE INDEX "manufacturers_slug_uniq" ON "manufacturers" USING btree ("slug");--> statement-breakpoint
CREATE UNIQUE INDEX "platforms_name_uniq" ON "platforms" USING btree ("name");--> statement-breakpoint
CREATE UNIQUE INDEX "platforms_slug_uniq" ON "platforms" USING btree ("slug");--> statement-breakpoint
CREATE UNIQUE INDEX "cluster_groups_name_uniq" ON "cluster_groups" USING btree ("name");--> statement-breakpoint
CREATE UNIQUE INDEX "cluster_groups_slug_uniq" ON "cluster_groups" USING btree ("slug");--> statement-breakpoint
CREATE UNIQUE INDEX "cluster_types_name_uniq" ON "cluster_types" USING btree ("name");--> statement-breakpoint
CREATE UNIQUE INDEX "cluster_types_slug_uniq" ON "cluster_types" USING btree ("slug");--> statement-breakpoint
CREATE UNIQUE INDEX "clusters_group_name_uniq" ON "clusters" USING btree ("group_id","name");--> statement-breakpoint
CREATE UNIQUE INDEX "clusters_site_name_uniq" ON "clusters" USING btree ("site_id","name");--> statement-breakpoint
CREATE INDEX "clusters_name_idx" ON "clusters" USING btree ("name");--> statement-breakpoint
CREATE UNIQUE INDEX "virtual_disks_vm_name_uniq" ON "virtual_disks" USING btree ("virtual_machine_id","name");--> statement-breakpoint
CREATE UNIQUE INDEX "vm_types_name_uniq" ON "virtual_machine_types" USING btree (lower("name"));--> statement-breakpoint
CREATE UNIQUE INDEX "vm_types_slug_uniq" ON "virtual_machine_types" USING btree ("slug");--> statement-breakpoint
CREATE UNIQUE INDEX "vms_name_cluster_tenant_uniq" ON "virtual_machines" USING btree (lower("name"),"cluster_id","tenant_id");--> statement-breakpoint
CREATE UNIQUE INDEX "vms_name_cluster_uniq" ON "virtual_machines" USING btree (lower("name"),"cluster_id") WHERE "virtual_machines"."tenant_id" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "vms_name_device_tenant_uniq" ON "virtual_machines" USING btree (lower("name"),"device_id","tenant_id") WHERE "virtual_machines"."cluster_id" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "vms_name_device_uniq" ON "virtual_machines" USING btree (lower("name"),"device_id") WHERE "virtual_machines"."cluster_id" is null and "virtual_machines"."tenant_id" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "vms_proxmox_identity_uniq" ON "virtual_machines" USING btree ("proxmox_endpoint_id","proxmox_cluster_id","vmid");--> statement-breakpoint
CREATE INDEX "vms_name_idx" ON "virtual_machines" USING btree ("name","id");--> statement-breakpoint
CREATE INDEX "vms_cluster_name_idx" ON "virtual_machines" USING btree ("cluster_id","name","id");--> statement-breakpoint
CREATE INDEX "vms_device_idx" ON "virtual_machines" USING btree ("device_id");--> statement-breakpoint
CREATE INDEX "vms_status_idx" ON "virtual_machines" USING btree ("status");--> statement-breakpoint
CREATE INDEX "vms_vmid_idx" ON "virtual_machines" USING btree ("vmid");--> statement-breakpoint
CREATE UNIQUE INDEX "vm_interfaces_vm_name_uniq" ON "vm_interfaces" USING btree ("virtual_machine_id","name");--> statement-breakpoint
CREATE INDEX "vm_interfaces_mac_idx" ON "vm_interfaces" USING btree ("mac_address");--> statement-breakpoint
CREATE INDEX "ip_addresses_address_idx" ON "ip_addresses" USING btree ("address");--> statement-breakpoint
CREATE INDEX "ip_addresses_assigned_idx" ON "ip_addresses" USING btree ("assigned_object_type","assigned_object_id");--> statement-breakpoint
CREATE INDEX "vlans_vid_idx" ON "vlans" USING btree ("vid");--> statement-breakpoint
CREATE INDEX "journal_entries_object_idx" ON "journal_entries" USING btree ("assigned_object_type","assigned_object_id");--> statement-breakpoint
CREATE INDEX "object_changes_object_idx" ON "object_changes" USING btree ("changed_object_type","changed_object_id","time");--> statement-breakpoint
CREATE INDEX "object_changes_time_idx" ON "object_changes" USING btree ("time");--> statement-breakpoint
CREATE INDEX "object_changes_request_idx" ON "object_changes" USING btree ("request_id");--> statement-breakpoint
CREATE UNIQUE INDEX "tagged_items_uniq" ON "tagged_items" USING btree ("object_type","object_id","tag_id");--> statement-breakpoint
CREATE INDEX "tagged_items_tag_idx" ON "tagged_items" USING btree ("tag_id");--> statement-breakpoint
CREATE UNIQUE INDEX "tags_name_uniq" ON "tags" USING btree ("name");--> statement-breakpoint
CREATE UNIQUE INDEX "tags_slug_uniq" ON "tags" USING btree ("slug");--> statement-breakpoint
CREATE UNIQUE INDEX "fastapi_endpoints_singleton_uniq" ON "fastapi_endpoints" USING btree ("singleton_key");--> statement-breakpoint
CREATE UNIQUE INDEX "fastapi_endpoints_name_uniq" ON "fastapi_endpoints" USING btree ("name");--> statement-breakpoint
CREATE UNIQUE INDEX "netbox_endpoints_name_uniq" ON "netbox_endpoints" USING btree ("name");--> statement-breakpoint
CREATE UNIQUE INDEX "proxmox_endpoints_name_uniq" ON "proxmox_endpoints" USING btree ("name");--> statement-breakpoint
CREATE UNIQUE INDEX "proxmox_endpoints_identity_uniq" ON "proxmox_endpoints" USING btree ("name","ip_address_id","domain");--> statement-breakpoint
CREATE UNIQUE INDEX "proxmox_clusters_endpoint_name_uniq" ON "proxmox_clusters" USING btree ("proxmox_endpoint_id","name");--> statement-breakpoint
CREATE UNIQUE INDEX "proxmox_nodes_endpoint_name_uniq" ON "proxmox_nodes" USING btree ("proxmox_endpoint_id","name");--> statement-breakpoint
CREATE INDEX "proxmox_nodes_cluster_idx" ON "proxmox_nodes" USING btree ("proxmox_cluster_id");--> statement-breakpoint
CREATE UNIQUE INDEX "storage_vdisks_uniq" ON "proxmox_storage_virtual_disks" USING btree ("proxmox_storage_id","virtual_disk_id");--> statement-breakpoint
CREATE INDEX "storage_vdisks_disk_idx" ON "proxmox_storage_virtual_disks" USING btree ("virtual_disk_id");--> statement-breakpoint
CREATE UNIQUE INDEX "proxmox_storages_endpoint_name_uniq" ON "proxmox_storages" USING btree ("proxmox_endpoint_id","name");--> statement-breakpoint
CREATE UNIQUE INDEX "vm_backups_endpoint_volid_uniq" ON "vm_backups" USING btree ("proxmox_endpoint_id","volid");--> statement-breakpoint
CREATE INDEX "vm_backups_vm_idx" ON "vm_backups" USING btree ("virtual_machine_id","creation_time");--> statement-breakpoint
CREATE INDEX "vm_backups_storage_idx" ON "vm_backups" USING btree ("proxmox_storage_id");--> statement-breakpoint
CREATE UNIQUE INDEX "vm_snapshots_vm_name_uniq" ON "vm_snapshots" USING btree ("virtual_machine_id","name");--> statement-breakpoint
CREATE UNIQUE INDEX "vm_task_histories_upid_uniq" ON "vm_task_histories" USING btree ("upid");--> statement-breakpoint
CREATE INDEX "vm_task_histories_vm_idx" ON "vm_task_histories" USING btree ("virtual_machine_id","start_time");--> statement-breakpoint
CREATE INDEX "vm_task_histories_start_idx" ON "vm_task_histories" USING btree ("start_time");--> statement-breakpoint
CREATE UNIQUE INDEX "backup_routines_endpoint_job_uniq" ON "backup_routines" USING btree ("proxmox_endpoint_id","job_id");--> statement-breakpoint
CREATE UNIQUE INDEX "plugin_settings_singleton_uniq" ON "proxbox_plugin_settings" USING btree ("singleton_key");--> statement-breakpoint
CREATE UNIQUE INDEX "replications_endpoint_id_uniq" ON "replications" USING btree ("proxmox_endpoint_id","replication_id");--> statement-breakpoint
CREATE INDEX "sync_events_job_seq_idx" ON "sync_events" USING btree ("job_id","seq");--> statement-breakpoint
CREATE INDEX "sync_jobs_status_idx" ON "sync_jobs" USING btree ("status","created");--> statement-breakpoint
CREATE INDEX "sync_jobs_created_idx" ON "sync_jobs" USING btree ("created");