/**
 * Go's timer Stop/Reset semantics, Go ≥ 1.23 and `timers: 'go1.22'`, ported from golang/go
 * src/time/sleep_test.go and the Stop/Reset docs in src/time/sleep.go (see `go-time.ts`).
 */
import { goTimeCases } from './go-time';
import { conformAll } from './harness';

describe('conformance: Go timers (src/time/sleep_test.go)', () => {
  conformAll(goTimeCases);
});
