-- Custom SQL migration: the log is append-only, enforced by the database.
-- Every UPDATE or DELETE on a log table aborts the statement (and the caller's transaction step) with
-- 'append-only: <table>'; openStore() maps that to AoliteError('APPEND_ONLY').
CREATE TRIGGER `data_items_no_update` BEFORE UPDATE ON `data_items`
BEGIN
	SELECT RAISE(ABORT, 'append-only: data_items');
END;
--> statement-breakpoint
CREATE TRIGGER `data_items_no_delete` BEFORE DELETE ON `data_items`
BEGIN
	SELECT RAISE(ABORT, 'append-only: data_items');
END;
--> statement-breakpoint
CREATE TRIGGER `tags_no_update` BEFORE UPDATE ON `tags`
BEGIN
	SELECT RAISE(ABORT, 'append-only: tags');
END;
--> statement-breakpoint
CREATE TRIGGER `tags_no_delete` BEFORE DELETE ON `tags`
BEGIN
	SELECT RAISE(ABORT, 'append-only: tags');
END;
--> statement-breakpoint
CREATE TRIGGER `modules_no_update` BEFORE UPDATE ON `modules`
BEGIN
	SELECT RAISE(ABORT, 'append-only: modules');
END;
--> statement-breakpoint
CREATE TRIGGER `modules_no_delete` BEFORE DELETE ON `modules`
BEGIN
	SELECT RAISE(ABORT, 'append-only: modules');
END;
--> statement-breakpoint
CREATE TRIGGER `processes_no_update` BEFORE UPDATE ON `processes`
BEGIN
	SELECT RAISE(ABORT, 'append-only: processes');
END;
--> statement-breakpoint
CREATE TRIGGER `processes_no_delete` BEFORE DELETE ON `processes`
BEGIN
	SELECT RAISE(ABORT, 'append-only: processes');
END;
--> statement-breakpoint
CREATE TRIGGER `assignments_no_update` BEFORE UPDATE ON `assignments`
BEGIN
	SELECT RAISE(ABORT, 'append-only: assignments');
END;
--> statement-breakpoint
CREATE TRIGGER `assignments_no_delete` BEFORE DELETE ON `assignments`
BEGIN
	SELECT RAISE(ABORT, 'append-only: assignments');
END;
--> statement-breakpoint
CREATE TRIGGER `blocks_no_update` BEFORE UPDATE ON `blocks`
BEGIN
	SELECT RAISE(ABORT, 'append-only: blocks');
END;
--> statement-breakpoint
CREATE TRIGGER `blocks_no_delete` BEFORE DELETE ON `blocks`
BEGIN
	SELECT RAISE(ABORT, 'append-only: blocks');
END;
