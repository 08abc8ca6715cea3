/**
 * What every part of the `timekeeper` model shares: the upstream version it follows, the
 * variants, and Go's `panic`.
 *
 * Original: google/gvisor@3c5eee17dc45659fb86843531074f38e78e0cc35 (2026-08-21),
 * `pkg/sentry/kernel/timekeeper.go`, `timekeeper_state.go`, `vdso.go`, `kernel.go`, and
 * `vdso/vdso_time.cc`; README.md maps each function to its lines.
 */

/** The upstream commit `correct` follows (google/gvisor, 2026-08-21: the Timekeeper parks when idle). */
export const UPSTREAM = '3c5eee17dc45659fb86843531074f38e78e0cc35';

/** The scenario's variants: `correct` and the bugs (see README.md for each one's history). */
export type TimekeeperVariant =
  | 'correct'
  | 'negative-gap-applied'
  | 'restored-never-closed'
  | 'no-wait-before-setclocks'
  | 'stop-without-wait'
  | 'wake-without-update';

/** A Go `panic(…)`: thrown through the goroutine, reported by the engine as `panic: …`. */
export class GoPanic extends Error {
  override readonly name = 'panic';
}
