/**
 * Go's race detector verdicts, ported from golang/go src/runtime/race/testdata/*_test.go
 * (see `go-race.ts` for each case and its source).
 */
import { goRaceCases } from './go-race';
import { conformAll } from './harness';

describe('conformance: Go race detector (src/runtime/race/testdata)', () => {
  conformAll(goRaceCases);
});
