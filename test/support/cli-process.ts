import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

const entry = fileURLToPath(new URL('./cli-entry.ts', import.meta.url));

export interface CliProcess {
  child: ChildProcessWithoutNullStreams;
  /** Everything printed so far on stdout. */
  output(): string;
  /** Everything printed so far on stderr. */
  errors(): string;
  /** Resolves when stdout contains `text`; rejects if the process exits first or after `timeoutMs`. */
  waitFor(text: string, timeoutMs?: number): Promise<void>;
  /** Resolves with the exit code. */
  exited: Promise<number | null>;
}

/** Starts `aolite ARGS…` from the sources in a child process (environment: this one's, or `env`). */
export function startCli(args: string[], env?: NodeJS.ProcessEnv): CliProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', entry, ...args], {
    stdio: 'pipe',
    ...(env === undefined ? {} : { env }),
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    child,
    output: () => stdout,
    errors: () => stderr,
    exited,
    waitFor(text, timeoutMs = 30_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`timed out waiting for "${text}"; stdout: ${stdout} stderr: ${stderr}`)),
          timeoutMs,
        );
        const check = () => {
          if (stdout.includes(text)) {
            clearTimeout(timer);
            child.stdout.off('data', check);
            resolve();
          }
        };
        child.stdout.on('data', check);
        exited.then((code) => {
          clearTimeout(timer);
          reject(new Error(`aolite exited with ${code} before printing "${text}"; stderr: ${stderr}`));
        });
        check();
      });
    },
  };
}

/** A TCP port on 127.0.0.1 that was free a moment ago (for a child `aolite serve --port`). */
export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
