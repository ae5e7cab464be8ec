-- Custom SQL migration: a delivery row records what the messenger did with one outbox entry, in the same
-- transaction as the delivery itself; it is never changed or removed ('append-only: deliveries').
CREATE TRIGGER `deliveries_no_update` BEFORE UPDATE ON `deliveries`
BEGIN
	SELECT RAISE(ABORT, 'append-only: deliveries');
END;
--> statement-breakpoint
CREATE TRIGGER `deliveries_no_delete` BEFORE DELETE ON `deliveries`
BEGIN
	SELECT RAISE(ABORT, 'append-only: deliveries');
END;
