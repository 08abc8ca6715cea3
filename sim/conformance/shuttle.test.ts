/**
 * shuttle's test suite (awslabs/shuttle shuttle/tests/basic/) mapped onto Go primitives;
 * where shuttle's Rust semantics and Go's disagree, Go wins (see `shuttle-mutex.ts`,
 * `shuttle-condvar.ts`). `shuttle-dfs.ts` holds the ports of `dfs.rs`, which assert exact
 * execution counts.
 */
import { conformAll } from './harness';
import { shuttleCondvarCases } from './shuttle-condvar';
import { shuttleMpscCases } from './shuttle-mpsc';
import { shuttleMutexCases } from './shuttle-mutex';

describe('conformance: shuttle (awslabs/shuttle shuttle/tests/basic/)', () => {
  describe('mutex.rs, rwlock.rs', () => {
    conformAll(shuttleMutexCases);
  });
  describe('condvar.rs, once.rs, thread.rs', () => {
    conformAll(shuttleCondvarCases);
  });
  describe('mpsc.rs', () => {
    conformAll(shuttleMpscCases);
  });
});
