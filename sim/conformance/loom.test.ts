/**
 * loom's test suite (tokio-rs/loom tests/) mapped onto Go primitives; where loom's weak
 * memory model disagrees with Go's sequentially consistent atomics, Go wins (see `loom.ts`).
 */
import { conformAll } from './harness';
import { loomCases } from './loom';

describe('conformance: loom (tokio-rs/loom tests/)', () => {
  conformAll(loomCases);
});
