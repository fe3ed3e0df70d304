#!/usr/bin/env node
/**
 * The `crmkit` command (package.json "bin"): runs {@link runCli} on the process's arguments,
 * streams and environment, and sets the exit code. See docs/cli.md.
 *
 * @module
 */
import { runCli } from './run';

// `crmkit export contact | head`: the reader went away; stop quietly, as Unix tools do.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}

const progressStream = process.stderr.isTTY === true ? process.stderr : undefined;

// Ctrl-C during a progress bar: give the terminal its cursor back, then exit as interrupted.
// (A half-loaded demo is replaced by the next `crmkit demo`; an import is completed by re-running it.)
for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
  process.once(signal, () => {
    if (progressStream !== undefined) progressStream.write('\x1b[?25h\x1b[?7h\n');
    process.exit(code);
  });
}
process.exitCode = await runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  isTTY: process.stdout.isTTY === true,
  cwd: process.cwd(),
  env: process.env,
  ...(progressStream === undefined ? {} : { progressStream }),
});
