#!/usr/bin/env node
// The replbench command: runs the compiled CLI in dist/ (`npm run build`, which
// `npm install` and `npm ci` run through `prepare`). With REPLBENCH_FROM_SOURCE=1,
// or in a checkout that has not been built, it runs src/ through tsx instead
// (a dev dependency), so an edit needs no rebuild while developing.
import { existsSync } from 'node:fs';

const compiled = new URL('../dist/cli/main.js', import.meta.url);
const fromSource = process.env.REPLBENCH_FROM_SOURCE === '1' || !existsSync(compiled);
let main;
if (fromSource) {
  let tsx;
  try {
    tsx = await import('tsx/esm/api');
  } catch {
    process.stderr.write('replbench: dist/ is missing and tsx is not installed: run `npm run build` (or `npm install`) first\n');
    process.exit(1);
  }
  tsx.register();
  ({ main } = await import('../src/cli/main.ts'));
} else {
  ({ main } = await import(compiled.href));
}
process.exitCode = await main(process.argv.slice(2));
