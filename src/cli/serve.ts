import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { NodeListener } from '../api/http/node-listener.js';
import { parseConfigArgs } from '../config.js';
import { isAoliteError } from '../core/errors.js';
import { createNode } from '../node.js';
import type { Command } from './command.js';

interface Listening {
  server: Server;
  /** Hands every request to `listener` from now on, the ones that arrived before first. */
  serve(listener: NodeListener): void;
}

/**
 * Binds host:port before the node exists: a port that cannot be bound (in use, not allowed) must fail the
 * start before the data folder is touched (a fresh folder would otherwise get a database and a new node
 * key). Requests that arrive before the node is ready wait for it.
 */
function listen(host: string, port: number) {
  return new Promise<Listening>((resolve, reject) => {
    const early: [IncomingMessage, ServerResponse][] = [];
    const wait = (request: IncomingMessage, response: ServerResponse): void => {
      early.push([request, response]);
    };
    const server = createServer();
    server.on('request', wait);
    server.once('error', reject);
    server.listen(port, host, () =>
      resolve({
        server,
        serve(listener) {
          server.off('request', wait);
          server.on('request', listener);
          for (const [request, response] of early.splice(0)) listener(request, response);
        },
      }),
    );
  });
}

/** How long a stop waits for open requests (and streams) before closing their connections. */
const STREAM_GRACE_MS = 2_000;

export const serveCommand: Command = {
  summary:
    'start a node: aolite serve [--data DIR] [--port N] [--host H] [--block-interval MS] [--max-body BYTES] [--max-engines N] [--max-engine-bytes BYTES] [--checkpoint-every-slots N] [--checkpoint-every-ms MS] [--checkpoint-on-eviction true|false] [--checkpoint-on-shutdown true|false] [--max-chain-depth N] [--max-chain-messages N] [--max-chain-rate N] [--cron-tick MS]',
  async run(args) {
    let config: ReturnType<typeof parseConfigArgs>;
    try {
      config = parseConfigArgs(args);
    } catch (error) {
      console.error(`aolite serve: ${isAoliteError(error) ? error.message : String(error)}`);
      return 2;
    }
    // A reader that stops early (`aolite serve | head`) closes the pipe: keep serving, stop printing.
    process.stdout.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') throw error;
    });
    let listening: Listening;
    try {
      listening = await listen(config.host, config.port);
    } catch (error) {
      console.error(
        `aolite serve: cannot listen on ${config.host}:${config.port}: ${(error as Error).message}`,
      );
      return 1;
    }
    const { server } = listening;
    let node: Awaited<ReturnType<typeof createNode>>;
    try {
      node = await createNode(config);
    } catch (error) {
      // Requests that came early get no node: drop their connections and give the port back.
      const closed = new Promise((resolve) => server.close(resolve));
      server.closeAllConnections();
      await closed;
      // A data folder that cannot hold a node (a file, unwritable, not an aolite database, in use, ...).
      const message = isAoliteError(error) || error instanceof Error ? error.message : String(error);
      console.error(`aolite serve: cannot start a node on --data ${config.dataDir}: ${message}`);
      return 1;
    }
    listening.serve(node.listener);
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
        // Streams (GraphQL subscriptions over SSE) never end by themselves: cut what is still open after
        // a grace period, so a stop never hangs.
        setTimeout(() => server.closeAllConnections(), STREAM_GRACE_MS).unref();
      };
      process.once('SIGINT', () => stop('SIGINT'));
      process.once('SIGTERM', () => stop('SIGTERM'));
      // The banner last: whoever waits for it (a test, a supervisor) may signal the node at once.
      const { port } = server.address() as AddressInfo; // the bound port (--port 0 picks one)
      const base = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
      if (node.lockTakenOverFrom !== undefined) {
        console.log(
          `aolite: took over the data folder from node pid ${node.lockTakenOverFrom}, which no longer runs (killed?); its acknowledged messages are in the log and evaluation resumes from the last checkpoint`,
        );
      }
      console.log(`aolite node ${node.address}`);
      console.log(`  data       ${node.dataPath}`);
      console.log(`  module     ${node.moduleId}`);
      console.log(`  MU / SU    ${base}/`);
      console.log(
        `  CU         ${base}/result/:message?process-id=…, /results/:process, /dry-run, /state/:process`,
      );
      console.log(`  GraphQL    ${base}/graphql`);
      console.log(`  health     ${base}/health`);
      // What a spawn needs; without the Authority a process ignores what other processes send it.
      console.log(
        `  spawn with tags Module=${node.moduleId} Scheduler=${node.address} Authority=${node.address}`,
      );
      console.log('  Ctrl-C to stop');
    });
  },
};
