#!/usr/bin/env node
/**
 * The `interleave` executable (package.json `bin`). See `interleave --help`.
 */
import { processContext } from './context';
import { runCli } from './in-process';

void runCli(process.argv.slice(2), processContext()).then((code) => {
  process.exitCode = code;
});
