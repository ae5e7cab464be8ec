import { createServer, type Server } from 'node:http';
import type { NodeListener } from '../api/http/node-listener.js';
import { parseConfigArgs } from '../config.js';
import { isAoliteError } from '../core/errors.js';
import { createNode } from '../node.js';
import type { Command } from './command.js';

function listen(listener: NodeListener, host: string, port: number) {
  return new Promise<Server>((resolve, reject) => {
    const server = createServer(listener);
    server.once('error', reject);
    server.listen(port, host, () => resolve(server));
  });
}

export const serveCommand: Command = {
  summary:
    'start a node: aolite serve [--data DIR] [--port N] [--host H] [--block-interval MS] [--max-body BYTES] [--max-engines N] [--max-engine-bytes BYTES] [--checkpoint-every-slots N] [--checkpoint-every-ms MS] [--checkpoint-on-eviction true|false] [--checkpoint-on-shutdown true|false] [--max-chain-depth N] [--max-chain-messages N] [--cron-tick MS]',
  async run(args) {
    let config: ReturnType<typeof parseConfigArgs>;
    try {
      config = parseConfigArgs(args);
    } catch (error) {
      console.error(`aolite serve: ${isAoliteError(error) ? error.message : String(error)}`);
      return 2;
    }
    const node = await createNode(config);
    let server: Server;
    try {
      server = await listen(node.listener, config.host, config.port);
    } catch (error) {
      await node.close();
      console.error(
        `aolite serve: cannot listen on ${config.host}:${config.port}: ${(error as Error).message}`,
      );
      return 1;
    }
    const base = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${config.port}`;
    console.log(`aolite node ${node.address}`);
    console.log(`  data       ${node.dataPath}`);
    console.log(`  module     ${node.moduleId}`);
    console.log(`  MU / SU    ${base}/`);
    console.log(
      `  CU         ${base}/result/:message?process-id=…, /results/:process, /dry-run, /state/:process`,
    );
    console.log(`  health     ${base}/health`);

    return new Promise<number>((resolve) => {
      let stopping = false;
      const stop = (signal: string) => {
        if (stopping) return;
        stopping = true;
        console.log(`aolite: ${signal} received, finishing in-flight requests`);
        // Stop accepting, let open requests finish, then close the units (which flush and close SQLite).
        server.close(() => {
          node.close().then(
            () => {
              console.log('aolite: stopped cleanly');
              resolve(0);
            },
            (error: unknown) => {
              console.error('aolite: error while stopping', error);
              resolve(1);
            },
          );
        });
        server.closeIdleConnections();
      };
      process.once('SIGINT', () => stop('SIGINT'));
      process.once('SIGTERM', () => stop('SIGTERM'));
    });
  },
};
