-- Custom SQL migration: results are derived from the log but written once, in slot order, and never
-- changed: UPDATE and DELETE abort as on the log tables ('append-only: results' → APPEND_ONLY).
CREATE TRIGGER `results_no_update` BEFORE UPDATE ON `results`
BEGIN
	SELECT RAISE(ABORT, 'append-only: results');
END;
--> statement-breakpoint
CREATE TRIGGER `results_no_delete` BEFORE DELETE ON `results`
BEGIN
	SELECT RAISE(ABORT, 'append-only: results');
END;
