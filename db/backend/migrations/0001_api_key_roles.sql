ALTER TABLE `api_key` ADD `role` text DEFAULT 'admin' NOT NULL;--> statement-breakpoint
-- Read-only keys become viewer keys, read-write keys admin keys (what they could do before).
UPDATE `api_key` SET `role` = CASE WHEN `read_only` THEN 'viewer' ELSE 'admin' END;
