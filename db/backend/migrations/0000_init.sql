CREATE TABLE `api_key_bootstrap_claim` (
	`id` integer PRIMARY KEY NOT NULL,
	`claimed_at` real DEFAULT (unixepoch('subsec')) NOT NULL,
	CONSTRAINT "bootstrap_claim_single_row" CHECK("api_key_bootstrap_claim"."id" = 1)
);
--> statement-breakpoint
CREATE TABLE `api_key` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`key_id` text NOT NULL,
	`key_hash` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`read_only` integer DEFAULT false NOT NULL,
	`is_active` integer DEFAULT true NOT NULL,
	`created_at` real DEFAULT (unixepoch('subsec')) NOT NULL,
	`last_used_at` real
);
--> statement-breakpoint
CREATE UNIQUE INDEX `api_key_key_id_uniq` ON `api_key` (`key_id`);--> statement-breakpoint
CREATE INDEX `api_key_active_idx` ON `api_key` (`is_active`);--> statement-breakpoint
CREATE TABLE `auth_lockout` (
	`ip` text PRIMARY KEY NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`first_attempt` real NOT NULL,
	`last_attempt` real NOT NULL
);
--> statement-breakpoint
CREATE TABLE `netbox_endpoint` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text DEFAULT 'NetBox Endpoint' NOT NULL,
	`url` text NOT NULL,
	`ip_address` text,
	`domain` text,
	`port` integer DEFAULT 8000 NOT NULL,
	`token_version` text DEFAULT 'v1' NOT NULL,
	`token` text,
	`token_key` text,
	`verify_ssl` integer DEFAULT true NOT NULL,
	`enabled` integer DEFAULT true NOT NULL,
	`source_id` integer,
	`credential_fingerprint` text,
	`updated_at` real DEFAULT (unixepoch('subsec')) NOT NULL
);
--> statement-breakpoint
CREATE TABLE `proxmox_endpoint` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`url` text NOT NULL,
	`ip_address` text,
	`domain` text,
	`port` integer DEFAULT 8006 NOT NULL,
	`username` text DEFAULT 'root@pam' NOT NULL,
	`password` text,
	`token_name` text,
	`token` text,
	`verify_ssl` integer DEFAULT false NOT NULL,
	`ca_certificate` text,
	`cluster_name` text,
	`timeout` integer,
	`max_retries` integer,
	`retry_backoff` real,
	`enabled` integer DEFAULT true NOT NULL,
	`source_id` integer,
	`credential_fingerprint` text,
	`updated_at` real DEFAULT (unixepoch('subsec')) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `proxmox_endpoint_name_uniq` ON `proxmox_endpoint` (`name`);--> statement-breakpoint
CREATE UNIQUE INDEX `proxmox_endpoint_source_uniq` ON `proxmox_endpoint` (`source_id`);