-- Custom SQL migration: fills blocks.last_item_seq (0011) for blocks sealed before it existed. Block
-- heights never decrease along assignments, and a scheduled message is logged just before its Assignment
-- item, so the last item logged before block H was sealed is taken to be the Assignment item of the last
-- assignment recorded in a block at or below H (one index seek per block); 0 when there is none. The
-- append-only trigger on blocks is lifted for this one statement and put back as 0001 created it.
DROP TRIGGER `blocks_no_update`;
--> statement-breakpoint
UPDATE `blocks` SET `last_item_seq` = coalesce((
	SELECT d.`seq` FROM `data_items` d WHERE d.`id` = (
		SELECT a.`assignment_id` FROM `assignments` a WHERE a.`block_height` <= `blocks`.`height`
		ORDER BY a.`block_height` DESC, a.`seq` DESC LIMIT 1
	)
), 0) WHERE `last_item_seq` IS NULL;
--> statement-breakpoint
CREATE TRIGGER `blocks_no_update` BEFORE UPDATE ON `blocks`
BEGIN
	SELECT RAISE(ABORT, 'append-only: blocks');
END;
