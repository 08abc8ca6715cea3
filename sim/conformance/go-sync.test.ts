/**
 * Go's `sync` semantics (Mutex, RWMutex, Cond, WaitGroup, Once), ported from golang/go
 * src/sync/*_test.go (see `go-sync.ts` for each case and its source).
 */
import { goSyncCases } from './go-sync';
import { conformAll } from './harness';

describe('conformance: Go sync (src/sync/*_test.go)', () => {
  conformAll(goSyncCases);
});
