/** Worker thread: signs `count` RSA transfer messages for the ingest pool and posts their raw bytes. */
import { parentPort, workerData } from 'node:worker_threads';
import { signDataItem } from '../../src/crypto/index.js';
import { rsaSigner } from './fixtures.js';
import { poolMessageDraft } from './rsa-pool-items.js';

const job = workerData as { processId: string; start: number; count: number };
const signer = rsaSigner();
const raws: Uint8Array[] = [];
for (let i = job.start; i < job.start + job.count; i++) {
  raws.push(signDataItem(poolMessageDraft(job.processId, i), signer).raw);
}
parentPort!.postMessage(raws);
