import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));

describe('the crmkit bin', () => {
  it('runs src/cli/main.ts as a process: --help on stdout, exit 0; an unknown command exits 2', async () => {
    const tsx = fileURLToPath(new URL('../../node_modules/.bin/tsx', import.meta.url));
    const { stdout } = await promisify(execFile)(tsx, ['src/cli/main.ts', '--help'], { cwd: root, env: { ...process.env, NO_COLOR: '1' } });
    expect(stdout).toContain('Usage: crmkit [options] [command]');
    expect(stdout).toContain('Examples:');
    const failed = await promisify(execFile)(tsx, ['src/cli/main.ts', 'nope'], { cwd: root }).then(
      () => ({ code: 0, stderr: '' }),
      (error: { code: number; stderr: string }) => ({ code: error.code, stderr: error.stderr }),
    );
    expect(failed.code).toBe(2);
    expect(failed.stderr).toContain("unknown command 'nope'");
  }, 60_000);
});
