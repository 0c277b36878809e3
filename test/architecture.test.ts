/**
 * The layer order of src/ (docs/architecture.md), kept by a test: every import
 * in src/ is parsed, and the suite fails on an import cycle or on an edge that
 * points up the order below. What the code still does wrong is listed in
 * KNOWN_UPWARD and KNOWN_CYCLES; those lists may only shrink: a new violation
 * fails, and so does a listed one that is gone (delete its line).
 *
 * A re-export shim (a module of nothing but `export … from` lines, left where
 * a module used to live) is transparent: importing it counts as importing what
 * it re-exports, so moving code into a leaf fixes the edge before every
 * importer has migrated.
 *
 * `ARCHITECTURE_SUMMARY=1 npx tsx test/architecture.test.ts` prints the counts.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';

/**
 * Layers, lowest first: a module may import its own layer and those before it.
 * The key is the first path segment under src/ (a folder, or a file without `.ts`).
 */
export const LAYERS: readonly (readonly string[])[] = [
  ['errors', 'redact', 'write-failure', 'metrics', 'units', 'limits', 'time', 'random', 'events', 'oci-spec', 'config'],
  ['stats'],
  ['workload'],
  ['oci'],
  ['lab'],
  ['measure'],
  ['scenario'],
  ['report'],
  ['run', 'blob'],
  ['dist'],
  ['cli'],
  ['index'],
];

/** Upward edges (importer -> imported, paths under src/) the code still has. May only shrink. */
const KNOWN_UPWARD: readonly string[] = [
];

/** Import cycles (their modules, sorted, joined by " | ") the code still has. May only shrink. */
const KNOWN_CYCLES: readonly string[] = [
];

const ROOT = resolve(import.meta.dirname, '..', 'src');

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...sourceFiles(path));
    else if (name.endsWith('.ts')) out.push(path);
  }
  return out;
}

const rel = (path: string): string => relative(ROOT, path).split('\\').join('/');

function layerKey(file: string): string {
  const [first = '', ...rest] = file.split('/');
  return rest.length === 0 ? first.replace(/\.ts$/, '') : first;
}

const RANK = new Map(LAYERS.flatMap((keys, rank) => keys.map((key) => [key, rank] as const)));

interface Module {
  readonly imports: readonly string[];
  readonly shim: boolean;
}

/** Every relative import, re-export and dynamic import of each file under src/, as paths under src/. */
function readModules(): Map<string, Module> {
  const modules = new Map<string, Module>();
  for (const path of sourceFiles(ROOT)) {
    const text = readFileSync(path, 'utf8');
    const imports = ts
      .preProcessFile(text, true, true)
      .importedFiles.map((f) => f.fileName)
      .filter((name) => name.startsWith('.'))
      .map((name) => rel(resolve(dirname(path), name)));
    modules.set(rel(path), { imports: [...new Set(imports)], shim: isShim(text) });
  }
  return modules;
}

/** True for a module whose every statement is `export … from '…'`. */
function isShim(text: string): boolean {
  const file = ts.createSourceFile('shim.ts', text, ts.ScriptTarget.ES2022);
  return file.statements.length > 0 && file.statements.every((s) => ts.isExportDeclaration(s) && s.moduleSpecifier !== undefined);
}

/** The modules an import of `file` really reaches: a shim stands for what it re-exports. */
function through(file: string, modules: Map<string, Module>, seen = new Set<string>()): string[] {
  const module = modules.get(file);
  if (!module?.shim || seen.has(file)) return [file];
  seen.add(file);
  return module.imports.flatMap((target) => through(target, modules, seen));
}

function edges(modules: Map<string, Module>): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>();
  for (const [file, module] of modules) {
    const targets = module.shim ? module.imports : module.imports.flatMap((target) => through(target, modules));
    graph.set(file, new Set(targets.filter((t) => t !== file)));
  }
  return graph;
}

function upwardEdges(graph: Map<string, Set<string>>): string[] {
  const out: string[] = [];
  for (const [file, targets] of graph) {
    const from = RANK.get(layerKey(file));
    for (const target of targets) {
      const to = RANK.get(layerKey(target));
      if (from !== undefined && to !== undefined && to > from) out.push(`${file} -> ${target}`);
    }
  }
  return out.sort();
}

/** Strongly connected components of more than one module (Tarjan). */
function cycles(graph: Map<string, Set<string>>): string[] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out: string[] = [];
  const visit = (v: string): void => {
    index.set(v, next);
    low.set(v, next);
    next++;
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v) ?? 0, low.get(w) ?? 0));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v) ?? 0, index.get(w) ?? 0));
      }
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      for (let w = stack.pop(); w !== undefined; w = stack.pop()) {
        onStack.delete(w);
        component.push(w);
        if (w === v) break;
      }
      if (component.length > 1) out.push(component.sort().join(' | '));
    }
  };
  for (const v of [...graph.keys()].sort()) if (!index.has(v)) visit(v);
  return out.sort();
}

function compare(kind: string, found: readonly string[], known: readonly string[]): string[] {
  const problems: string[] = [];
  const foundSet = new Set(found);
  const knownSet = new Set(known);
  for (const f of found) if (!knownSet.has(f)) problems.push(`new ${kind}: ${f}`);
  for (const k of known) if (!foundSet.has(k)) problems.push(`${kind} listed in test/architecture.test.ts but gone (delete its line): ${k}`);
  return problems;
}

const modules = readModules();
const graph = edges(modules);

if (process.env.ARCHITECTURE_SUMMARY === '1') {
  const shims = [...modules].filter(([, m]) => m.shim).map(([f]) => f);
  const shimImporters = [...modules]
    .filter(([, m]) => !m.shim)
    .flatMap(([file, m]) => m.imports.filter((t) => shims.includes(t)).map((t) => `${file} -> ${t}`));
  process.stdout.write(
    `${modules.size} modules, ${[...graph.values()].reduce((n, s) => n + s.size, 0)} edges, ` +
      `${upwardEdges(graph).length} upward, ${cycles(graph).length} cycles, ${shims.length} shims, ${shimImporters.length} imports of shims\n`,
  );
  if (process.env.ARCHITECTURE_LIST === '1') {
    process.stdout.write(`${upwardEdges(graph).map((e) => `  '${e}',`).join('\n')}\n--\n`);
    process.stdout.write(`${cycles(graph).map((e) => `  '${e}',`).join('\n')}\n--\n`);
    process.stdout.write(`${shimImporters.join('\n')}\n`);
  }
}

const layers = suite('layer order');

layers('every top-level module of src/ has a layer', () => {
  const unplaced = [...new Set([...modules.keys()].map(layerKey))].filter((key) => !RANK.has(key));
  assert.equal(unplaced, [], `add these to LAYERS (and docs/architecture.md): ${unplaced.join(', ')}`);
});

layers('no import points up the layer order, beyond the known ones', () => {
  const problems = compare('upward import', upwardEdges(graph), KNOWN_UPWARD);
  assert.ok(problems.length === 0, problems.join('\n'));
});

layers('no import cycle, beyond the known ones', () => {
  const problems = compare('import cycle', cycles(graph), KNOWN_CYCLES);
  assert.ok(problems.length === 0, problems.join('\n'));
});

layers.run();

const checker = suite('the checker itself');

checker('a cycle and an upward edge in a made-up graph are found', () => {
  const g = new Map<string, Set<string>>([
    ['stats/a.ts', new Set(['stats/b.ts', 'cli/x.ts'])],
    ['stats/b.ts', new Set(['stats/a.ts'])],
    ['cli/x.ts', new Set(['errors.ts'])],
    ['errors.ts', new Set()],
  ]);
  assert.equal(upwardEdges(g), ['stats/a.ts -> cli/x.ts']);
  assert.equal(cycles(g), ['stats/a.ts | stats/b.ts']);
});

checker('a shim is a module of re-exports only', () => {
  assert.ok(isShim("/** moved */\nexport * from '../units.ts';\nexport type { A } from './a.ts';\n"));
  assert.not.ok(isShim("export * from '../units.ts';\nexport const x = 1;\n"));
  assert.not.ok(isShim('// nothing\n'));
});

checker.run();
