#!/usr/bin/env node
// The `reinhardt` command: registers the TypeScript loader (so projects' .ts files load with
// no build step), then runs the compiled CLI.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../dist/cli/main.js');
process.exitCode = await main(process.argv.slice(2));
