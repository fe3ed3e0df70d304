/**
 * Docs are part of the feature: every public export (reachable from a package entry point) has
 * TSDoc with a summary, and every public function has an `@example`. Checked with the
 * TypeScript compiler API on the entry points listed in tsup.config.ts.
 */
import { relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { entries } from '../tsup.config';

const root = new URL('..', import.meta.url).pathname;

function publicDocFindings(): string[] {
  const entryFiles = Object.values(entries).map((file) => `${root}${file}`);
  const program = ts.createProgram(entryFiles, { strict: true, skipLibCheck: true, noEmit: true, allowJs: false });
  const checker = program.getTypeChecker();
  const findings = new Set<string>();
  for (const file of entryFiles) {
    const source = program.getSourceFile(file);
    if (!source) throw new Error(`no source for ${file}`);
    const moduleSymbol = checker.getSymbolAtLocation(source);
    if (!moduleSymbol) continue; // an entry with no exports yet
    for (const exported of checker.getExportsOfModule(moduleSymbol)) {
      const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
      for (const decl of symbol.declarations ?? []) {
        const declFile = decl.getSourceFile();
        if (declFile.isDeclarationFile || !declFile.fileName.startsWith(`${root}src/`)) continue;
        const where = `${relative(root, declFile.fileName)}:${declFile.getLineAndCharacterOfPosition(decl.getStart()).line + 1} ${exported.name}`;
        const holder = ts.isVariableDeclaration(decl) ? decl.parent.parent : decl;
        const docs = ts.getJSDocCommentsAndTags(holder).map((d) => d.getText(declFile)).join('\n');
        if (docs.trim() === '') {
          findings.add(`${where}: no TSDoc`);
          continue;
        }
        const isFunction =
          ts.isFunctionDeclaration(decl) ||
          (ts.isVariableDeclaration(decl) && decl.initializer !== undefined && (ts.isArrowFunction(decl.initializer) || ts.isFunctionExpression(decl.initializer)));
        if (isFunction && !docs.includes('@example')) findings.add(`${where}: function without @example`);
        // Only the first declaration of an overloaded function needs the doc.
        if (ts.isFunctionDeclaration(decl)) break;
      }
    }
  }
  return [...findings].sort();
}

describe('TSDoc', () => {
  it('documents every public export, with an @example on every public function', () => {
    expect(publicDocFindings()).toEqual([]);
  }, 120_000);
});
