-- Custom SQL migration: checkpoints and their content-addressed pages are derived from the log but are
-- never changed once written (a checkpoint names its pages by hash; rewriting a page would corrupt every
-- checkpoint sharing it). UPDATE and DELETE abort with 'append-only: <table>' like the log tables.
CREATE TRIGGER `pages_no_update` BEFORE UPDATE ON `pages`
BEGIN
	SELECT RAISE(ABORT, 'append-only: pages');
END;
--> statement-breakpoint
CREATE TRIGGER `pages_no_delete` BEFORE DELETE ON `pages`
BEGIN
	SELECT RAISE(ABORT, 'append-only: pages');
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
