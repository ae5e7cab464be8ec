-- Checkpoints move from 64 KiB pages (one brotli stream each) to 4 KiB content-addressed chunks packed
-- per save (see src/store/schema.ts). Checkpoints are derived data: those in the old format are dropped
-- rather than converted (converting needs brotli, which SQL has not); the compute unit replays from
-- genesis, or from a newer checkpoint, and saves new ones by its policy.
CREATE TABLE `chunk_packs` (
	`seq` integer PRIMARY KEY NOT NULL,
	`data` blob NOT NULL,
	`raw_length` integer NOT NULL,
	`hashes` blob NOT NULL,
	`chunk_size` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `chunks` (
	`hash_prefix` integer PRIMARY KEY NOT NULL,
	`pack` integer NOT NULL,
	`idx` integer NOT NULL
);
--> statement-breakpoint
DROP TABLE `pages`;--> statement-breakpoint
DROP TABLE `checkpoints`;--> statement-breakpoint
CREATE TABLE `checkpoints` (
	`seq` integer PRIMARY KEY NOT NULL,
	`process_id` text NOT NULL,
	`slot` integer NOT NULL,
	`hash_chain` text NOT NULL,
	`memory_hash` text NOT NULL,
	`memory_length` integer NOT NULL,
	`result_hash` text,
	`created_at` integer NOT NULL,
	`reason` text NOT NULL,
	`chunk_size` integer NOT NULL,
	`manifest` blob NOT NULL,
	FOREIGN KEY (`process_id`) REFERENCES `processes`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `checkpoints_process_slot_unique` ON `checkpoints` (`process_id`,`slot`);
