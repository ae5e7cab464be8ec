CREATE TABLE `deliveries` (
	`seq` integer PRIMARY KEY NOT NULL,
	`source_process` text NOT NULL,
	`slot` integer NOT NULL,
	`kind` text NOT NULL,
	`outbox_index` integer NOT NULL,
	`part` integer DEFAULT 0 NOT NULL,
	`message_id` text,
	`target` text,
	`status` text NOT NULL,
	`error` text,
	`root` text NOT NULL,
	`depth` integer NOT NULL,
	FOREIGN KEY (`source_process`) REFERENCES `processes`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `deliveries_source_unique` ON `deliveries` (`source_process`,`slot`,`kind`,`outbox_index`,`part`);--> statement-breakpoint
CREATE INDEX `deliveries_message_idx` ON `deliveries` (`message_id`);--> statement-breakpoint
CREATE INDEX `deliveries_root_idx` ON `deliveries` (`root`);--> statement-breakpoint
CREATE TABLE `delivery_cursors` (
	`process_id` text PRIMARY KEY NOT NULL,
	`slot` integer NOT NULL,
	FOREIGN KEY (`process_id`) REFERENCES `processes`(`id`) ON UPDATE no action ON DELETE no action
);
