/**
 * The package as npm and Node see it: package.json points at the compiled
 * build, `import('replbench')` works on plain Node (no tsx), and
 * bin/replbench.js runs the build (or src/ with REPLBENCH_FROM_SOURCE=1).
 * dist/ is built once here when missing (`npm install` builds it through
 * `prepare`; after an edit, `npm run build` refreshes it).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import * as source from '../src/index.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  bin: Record<string, string>;
  types: string;
  exports: Record<string, { types: string; default: string } | string>;
  scripts: Record<string, string>;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};

function ensureBuilt(): void {
  if (existsSync(new URL('../dist/index.js', import.meta.url))) return;
  execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: 'inherit' });
}

/** Runs node on plain JavaScript, with no loader in NODE_OPTIONS. */
function node(args: readonly string[], env: Record<string, string> = {}): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [...args], { cwd: ROOT, encoding: 'utf8', env: { PATH: process.env.PATH ?? '', ...env }, timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const manifest = suite('package.json');
manifest('exports, types and bin point at the compiled build; build tools are dev-only', () => {
  const root = pkg.exports['.'];
  assert.ok(typeof root === 'object');
  assert.is(root.types, './dist/index.d.ts');
  assert.is(root.default, './dist/index.js');
  assert.is(pkg.types, './dist/index.d.ts');
  assert.is(pkg.bin.replbench, 'bin/replbench.js');
  assert.is(pkg.scripts.build, 'tsc -p tsconfig.build.json');
  assert.match(pkg.scripts.prepare ?? '', /npm run build/);
  for (const dev of ['tsx', 'typescript']) {
    assert.is(pkg.dependencies[dev], undefined, `${dev} is not a runtime dependency`);
    assert.type(pkg.devDependencies[dev], 'string', `${dev} is a dev dependency`);
  }
});
manifest.run();

const build = suite('dist/');
build('import("replbench") works on plain Node and exports what src/index.ts does', () => {
  ensureBuilt();
  const script = "const m = await import('replbench'); console.log(JSON.stringify(Object.keys(m).sort()))";
  const r = node(['--input-type=module', '-e', script]);
  assert.is(r.status, 0, r.stderr);
  assert.equal(JSON.parse(r.stdout), Object.keys(source).sort(), 'dist/ is older than src/index.ts: npm run build');
  assert.ok(existsSync(new URL('../dist/index.d.ts', import.meta.url)), 'declarations are emitted');
});
build.run();

const bin = suite('bin/replbench.js');
bin('runs the build: --help and a usage error, without tsx', () => {
  ensureBuilt();
  const help = node(['bin/replbench.js', '--help']);
  assert.is(help.status, 0, help.stderr);
  assert.match(help.stdout, /replbench probe <image>/);
  const bad = node(['bin/replbench.js', 'frobnicate']);
  assert.is(bad.status, 2);
  assert.match(bad.stderr, /^replbench: .*frobnicate/);
});
bin('REPLBENCH_FROM_SOURCE=1 runs src/ through tsx', () => {
  const r = node(['bin/replbench.js', 'probe', '--help'], { REPLBENCH_FROM_SOURCE: '1' });
  assert.is(r.status, 0, r.stderr);
  assert.match(r.stdout, /--blobs/);
});
bin.run();
