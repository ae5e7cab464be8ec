-- Custom SQL migration: chunk packs, the chunk index and checkpoints are derived from the log but never
-- change once written (a checkpoint names its chunks by pack and position; rewriting a pack would corrupt
-- every checkpoint sharing it). UPDATE and DELETE abort with 'append-only: <table>' like the log tables.
CREATE TRIGGER `chunk_packs_no_update` BEFORE UPDATE ON `chunk_packs`
BEGIN
	SELECT RAISE(ABORT, 'append-only: chunk_packs');
END;
--> statement-breakpoint
CREATE TRIGGER `chunk_packs_no_delete` BEFORE DELETE ON `chunk_packs`
BEGIN
	SELECT RAISE(ABORT, 'append-only: chunk_packs');
END;
--> statement-breakpoint
CREATE TRIGGER `chunks_no_update` BEFORE UPDATE ON `chunks`
BEGIN
	SELECT RAISE(ABORT, 'append-only: chunks');
END;
--> statement-breakpoint
CREATE TRIGGER `chunks_no_delete` BEFORE DELETE ON `chunks`
BEGIN
	SELECT RAISE(ABORT, 'append-only: chunks');
END;
--> statement-breakpoint
CREATE TRIGGER `checkpoints_no_update` BEFORE UPDATE ON `checkpoints`
BEGIN
	SELECT RAISE(ABORT, 'append-only: checkpoints');
END;
--> statement-breakpoint
CREATE TRIGGER `checkpoints_no_delete` BEFORE DELETE ON `checkpoints`
BEGIN
	SELECT RAISE(ABORT, 'append-only: checkpoints');
END;
