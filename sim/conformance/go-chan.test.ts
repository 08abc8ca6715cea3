/**
 * Go's channel and select semantics, ported from golang/go src/runtime/chan_test.go (see
 * `go-chan.ts` for each case and its source).
 */
import { goChanCases } from './go-chan';
import { conformAll } from './harness';

describe('conformance: Go channels (src/runtime/chan_test.go)', () => {
  conformAll(goChanCases);
});
