CREATE TABLE `results` (
	`seq` integer PRIMARY KEY NOT NULL,
	`process_id` text NOT NULL,
	`slot` integer NOT NULL,
	`message_id` text NOT NULL,
	`result` text NOT NULL,
	`error` text,
	`gas_used` integer NOT NULL,
	`hash` text NOT NULL,
	FOREIGN KEY (`process_id`) REFERENCES `processes`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `results_process_slot_unique` ON `results` (`process_id`,`slot`);--> statement-breakpoint
CREATE INDEX `results_message_idx` ON `results` (`message_id`);