#!/usr/bin/env node
// The `reinhardt` command: loads the compiled CLI.
import('../dist/cli/main.js').then((m) => m.main(process.argv.slice(2)));
