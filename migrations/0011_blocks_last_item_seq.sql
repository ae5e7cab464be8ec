ALTER TABLE `blocks` ADD `last_item_seq` integer;--> statement-breakpoint
CREATE INDEX `blocks_last_item_seq_idx` ON `blocks` (`last_item_seq`,`height`);