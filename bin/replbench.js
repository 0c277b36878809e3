#!/usr/bin/env node
// Runs the TypeScript CLI straight from source through tsx's ESM loader,
// so a fresh clone needs no build step (`npx replbench`, `npm start -- …`).
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
