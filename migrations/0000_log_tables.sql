CREATE TABLE `assignments` (
	`seq` integer PRIMARY KEY NOT NULL,
	`process_id` text NOT NULL,
	`slot` integer NOT NULL,
	`message_id` text NOT NULL,
	`assignment_id` text NOT NULL,
	`timestamp` integer NOT NULL,
	`block_height` integer NOT NULL,
	`epoch` integer DEFAULT 0 NOT NULL,
	`hash_chain` text NOT NULL,
	FOREIGN KEY (`process_id`) REFERENCES `processes`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`message_id`) REFERENCES `data_items`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`assignment_id`) REFERENCES `data_items`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `assignments_process_slot_unique` ON `assignments` (`process_id`,`slot`);--> statement-breakpoint
CREATE UNIQUE INDEX `assignments_message_process_unique` ON `assignments` (`message_id`,`process_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `assignments_assignment_unique` ON `assignments` (`assignment_id`);--> statement-breakpoint
CREATE INDEX `assignments_block_seq_idx` ON `assignments` (`block_height`,`seq`);--> statement-breakpoint
CREATE TABLE `blocks` (
	`height` integer PRIMARY KEY NOT NULL,
	`id` text NOT NULL,
	`previous` text,
	`timestamp` integer NOT NULL,
	`assignments_root` text NOT NULL,
	`assignment_count` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `blocks_id_unique` ON `blocks` (`id`);--> statement-breakpoint
CREATE TABLE `data_items` (
	`seq` integer PRIMARY KEY NOT NULL,
	`id` text NOT NULL,
	`signature_type` integer NOT NULL,
	`signature` blob NOT NULL,
	`owner` blob NOT NULL,
	`owner_address` text NOT NULL,
	`target` text,
	`anchor` text,
	`tags` text NOT NULL,
	`data_size` integer NOT NULL,
	`content_type` text,
	`raw` blob NOT NULL,
	`ingested_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `data_items_id_unique` ON `data_items` (`id`);--> statement-breakpoint
CREATE INDEX `data_items_owner_seq_idx` ON `data_items` (`owner_address`,`seq`);--> statement-breakpoint
CREATE INDEX `data_items_target_seq_idx` ON `data_items` (`target`,`seq`) WHERE "data_items"."target" IS NOT NULL;--> statement-breakpoint
CREATE TABLE `modules` (
	`id` text PRIMARY KEY NOT NULL,
	`item_seq` integer NOT NULL,
	`owner` text NOT NULL,
	`module_format` text NOT NULL,
	`input_encoding` text NOT NULL,
	`output_encoding` text NOT NULL,
	`memory_limit` text,
	`compute_limit` text,
	FOREIGN KEY (`id`) REFERENCES `data_items`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `modules_item_seq_unique` ON `modules` (`item_seq`);--> statement-breakpoint
CREATE TABLE `processes` (
	`id` text PRIMARY KEY NOT NULL,
	`item_seq` integer NOT NULL,
	`owner` text NOT NULL,
	`module` text NOT NULL,
	`scheduler` text NOT NULL,
	`parent` text,
	`pushed_for` text,
	`spawned_at` integer NOT NULL,
	FOREIGN KEY (`id`) REFERENCES `data_items`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `processes_item_seq_unique` ON `processes` (`item_seq`);--> statement-breakpoint
CREATE INDEX `processes_parent_idx` ON `processes` (`parent`);--> statement-breakpoint
CREATE INDEX `processes_owner_idx` ON `processes` (`owner`);--> statement-breakpoint
CREATE INDEX `processes_module_idx` ON `processes` (`module`);--> statement-breakpoint
CREATE TABLE `tags` (
	`item_seq` integer NOT NULL,
	`position` integer NOT NULL,
	`name` text NOT NULL,
	`value` text NOT NULL,
	FOREIGN KEY (`item_seq`) REFERENCES `data_items`(`seq`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `tags_name_value_item_idx` ON `tags` (`name`,`value`,`item_seq`,`position`);