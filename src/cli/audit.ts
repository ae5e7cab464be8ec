import { isAoliteError } from '../core/errors.js';
import { nodeHashes } from '../crypto/index.js';
import { type AuditReport, auditProcess } from '../store/read/index.js';
import type { Command } from './command.js';
import { openFolderLog, parseProcessArgs, plural } from './process-command.js';

const USAGE = 'usage: aolite audit PROCESS [--data DIR]';

/** The report's findings, one line each; empty when the schedule and its deliveries are sound. */
function problems(report: AuditReport): string[] {
  const found: string[] = [];
  if (report.firstBrokenLink !== null) found.push(`hash chain broken at slot ${report.firstBrokenLink}`);
  if (report.gapCount > 0) {
    const more = report.gapCount > report.gaps.length ? ', …' : '';
    found.push(`${plural(report.gapCount, 'missing slot')} (${report.gaps.join(', ')}${more})`);
  }
  if (report.firstTimestampRegression !== null) {
    found.push(`timestamp goes back at slot ${report.firstTimestampRegression}`);
  }
  if (report.firstAssignmentItemMismatch !== null) {
    found.push(
      `the Assignment item of slot ${report.firstAssignmentItemMismatch} disagrees with its row or is not signed by the process's scheduler`,
    );
  }
  if (report.delivery.complete !== true) found.push(`delivery: ${report.delivery.detail}`);
  return found;
}

/**
 * `aolite audit PROCESS`: checks a process's schedule from the log alone (hash chain, gap-free slots,
 * timestamps, every signed Assignment item against its row) and the messenger's delivery of its
 * outboxes, as the GraphQL `audit` query. Exit 0 when sound, 1 with the problems found, 2 on bad
 * arguments, an unknown process or an unreadable folder. Safe while a node runs on the same folder.
 */
export const auditCommand: Command = {
  summary: "check a process's schedule and deliveries: aolite audit PROCESS [--data DIR]",
  async run(args) {
    let parsed: ReturnType<typeof parseProcessArgs>;
    try {
      parsed = parseProcessArgs(args, []);
    } catch (error) {
      console.error(`aolite audit: ${isAoliteError(error) ? error.message : String(error)}\n${USAGE}`);
      return 2;
    }
    const store = openFolderLog('audit', parsed.dataDir);
    if (store === undefined) return 2;
    try {
      const report = await auditProcess(store, parsed.processId, nodeHashes.sha256);
      const found = problems(report);
      const range =
        report.slots === 0 ? 'no slots' : `${plural(report.slots, 'slot')} (0..${report.headSlot})`;
      if (found.length === 0) {
        console.log(
          `OK ${report.processId}: ${range}: hash chain valid, no gaps, timestamps never go back, every Assignment item matches its row and is signed by the scheduler`,
        );
        console.log(`delivery: ${report.delivery.detail}`);
        return 0;
      }
      console.log(`PROBLEMS ${report.processId}: ${range}`);
      for (const line of found) console.log(`  ${line}`);
      return 1;
    } catch (error) {
      console.error(`aolite audit: ${error instanceof Error ? error.message : String(error)}`);
      return 2;
    } finally {
      store.close();
    }
  },
};
