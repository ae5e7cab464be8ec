-- Custom SQL migration: fills blocks.last_item_seq (0011) for blocks sealed before it existed, and from
-- then on refuses a block without one.
-- Block heights never decrease along assignments, and a scheduled message is logged just before its
-- Assignment item, so block H holds at least the items up to the Assignment item of the last assignment
-- recorded at or below H (`lo`, one index seek). Items logged after it and before the next assignment
-- (replies to wallets, the module item) are H's too when they were logged before H was sealed
-- (ingested_at < the block's timestamp): a range scan between the two assignments. 0 when there is none.
-- The append-only trigger on blocks is lifted for this one statement and put back as 0001 created it.
DROP TRIGGER `blocks_no_update`;
--> statement-breakpoint
UPDATE `blocks` SET `last_item_seq` = max(
	coalesce((
		SELECT d.`seq` FROM `data_items` d WHERE d.`id` = (
			SELECT a.`assignment_id` FROM `assignments` a WHERE a.`block_height` <= `blocks`.`height`
			ORDER BY a.`block_height` DESC, a.`seq` DESC LIMIT 1)
	), 0),
	coalesce((
		SELECT max(i.`seq`) FROM `data_items` i
		WHERE i.`seq` > coalesce((
				SELECT d.`seq` FROM `data_items` d WHERE d.`id` = (
					SELECT a.`assignment_id` FROM `assignments` a WHERE a.`block_height` <= `blocks`.`height`
					ORDER BY a.`block_height` DESC, a.`seq` DESC LIMIT 1)
			), 0)
			AND i.`seq` < coalesce((
				SELECT d.`seq` FROM `data_items` d WHERE d.`id` = (
					SELECT a.`assignment_id` FROM `assignments` a WHERE a.`block_height` > `blocks`.`height`
					ORDER BY a.`block_height` ASC, a.`seq` ASC LIMIT 1)
			), (SELECT max(`seq`) + 1 FROM `data_items`))
			AND i.`ingested_at` < `blocks`.`timestamp`
	), 0)
) WHERE `last_item_seq` IS NULL;
--> statement-breakpoint
CREATE TRIGGER `blocks_no_update` BEFORE UPDATE ON `blocks`
BEGIN
	SELECT RAISE(ABORT, 'append-only: blocks');
END;
--> statement-breakpoint
CREATE TRIGGER `blocks_last_item_seq_required` BEFORE INSERT ON `blocks` WHEN NEW.`last_item_seq` IS NULL
BEGIN
	SELECT RAISE(ABORT, 'blocks: last_item_seq is required');
END;
