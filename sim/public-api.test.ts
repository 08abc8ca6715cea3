/**
 * The public API (`interleave`, sim/index.ts) is what a user needs, each name documented:
 * about fifty names, every one with a doc comment at its declaration; the engine's
 * internals (the kernel, strategy classes, formatting helpers) are only in
 * `interleave/internal`.
 */
import path from 'node:path';
import ts from 'typescript';
import * as publicApi from './index';
import * as internalApi from './internal';

const INDEX = path.join(__dirname, 'index.ts');

/** Every name sim/index.ts exports (values and types), with whether its declaration has a doc comment. */
function exportedNames(): { name: string; documented: boolean; where: string }[] {
  const program = ts.createProgram([INDEX], { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.Node16, moduleResolution: ts.ModuleResolutionKind.Node16, strict: true, noEmit: true, types: [] });
  const checker = program.getTypeChecker();
  const mod = checker.getSymbolAtLocation(program.getSourceFile(INDEX)!)!;
  return checker.getExportsOfModule(mod).map((sym) => {
    const target = sym.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(sym) : sym;
    const decl = target.declarations?.[0];
    const docs = target.getDocumentationComment(checker).length > 0 || (decl !== undefined && ts.getJSDocCommentsAndTags(decl).length > 0);
    return { name: sym.name, documented: docs, where: decl === undefined ? '?' : path.relative(__dirname, decl.getSourceFile().fileName) };
  });
}

describe('the public API', () => {
  const names = exportedNames();

  it('should hold about fifty names', () => {
    expect(names.length).toBeGreaterThanOrEqual(40);
    expect(names.length).toBeLessThanOrEqual(60);
  });

  it('should document every name where it is declared', () => {
    expect(names.filter((n) => !n.documented).map((n) => `${n.name} (${n.where})`)).toEqual([]);
  });

  it('should keep the engine internals out of it, and in interleave/internal', () => {
    const internals = ['runExecution', 'OpKind', 'RandomStrategy', 'PctStrategy', 'DfsStrategy', 'PortfolioStrategy', 'Rng', 'assertNever', 'formatValue', 'makeStrategy', 'registerStrategy', 'isScenario', 'resolveParams', 'resolveVariant'];
    const shown = new Set(names.map((n) => n.name));
    expect(internals.filter((n) => shown.has(n))).toEqual([]);
    for (const n of internals) expect(n in internalApi).toBe(true);
    // everything a scenario and a test need is there, as values
    for (const n of ['defineScenario', 'explore', 'replay', 'shrink', 'assertScenario', 'Millisecond', 'UsageError', 'encodeSchedule', 'decodeSchedule', 'VIOLATION_KINDS']) {
      expect(typeof (publicApi as Record<string, unknown>)[n]).not.toBe('undefined');
    }
  });
});
