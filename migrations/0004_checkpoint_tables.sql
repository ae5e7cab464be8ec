CREATE TABLE `checkpoints` (
	`seq` integer PRIMARY KEY NOT NULL,
	`process_id` text NOT NULL,
	`slot` integer NOT NULL,
	`hash_chain` text NOT NULL,
	`memory_hash` text NOT NULL,
	`memory_length` integer NOT NULL,
	`page_table` blob NOT NULL,
	`result_hash` text,
	`created_at` integer NOT NULL,
	`reason` text NOT NULL,
	FOREIGN KEY (`process_id`) REFERENCES `processes`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `checkpoints_process_slot_unique` ON `checkpoints` (`process_id`,`slot`);--> statement-breakpoint
CREATE TABLE `pages` (
	`hash` blob PRIMARY KEY NOT NULL,
	`data` blob NOT NULL,
	`raw_length` integer NOT NULL
);
