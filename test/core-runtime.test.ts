import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = new URL('..', import.meta.url).pathname;
/** Folders of src/ that may use Node APIs: database adapters, the CLI, the test suite. */
const EDGE = ['src/adapters', 'src/cli', 'src/testing', 'src/io/node.ts'];

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : path.endsWith('.ts') ? [path] : [];
  });
}

describe('the core', () => {
  it('imports nothing from node: outside adapters, the CLI and the testing suite', () => {
    const core = files(join(root, 'src')).filter((path) => !EDGE.some((edge) => relative(root, path).startsWith(edge)));
    expect(core.length).toBeGreaterThan(20);
    const offenders = core.filter((path) => /(from\s+|import\s*\(\s*|require\s*\(\s*)['"]node:/.test(readFileSync(path, 'utf8')));
    expect(offenders.map((path) => relative(root, path))).toEqual([]);
  });

  it('imports no database driver outside the adapters', () => {
    const core = files(join(root, 'src')).filter((path) => !relative(root, path).startsWith('src/adapters'));
    const offenders = core.filter((path) => /from\s+['"](pg|mysql2|better-sqlite3|kysely)['"]/.test(readFileSync(path, 'utf8')));
    expect(offenders.map((path) => relative(root, path))).toEqual([]);
  });
});
