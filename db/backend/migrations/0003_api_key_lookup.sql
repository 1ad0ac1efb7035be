ALTER TABLE `api_key` ADD `lookup` text;--> statement-breakpoint
CREATE UNIQUE INDEX `api_key_lookup_uniq` ON `api_key` (`lookup`);