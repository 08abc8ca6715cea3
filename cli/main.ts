#!/usr/bin/env node
/**
 * The `interleave` executable (package.json `bin`). See `interleave --help`.
 */
import { main } from './cli';
import { describeError } from './errors';

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`${describeError(e).line}\n`);
    process.exitCode = 3;
  },
);
