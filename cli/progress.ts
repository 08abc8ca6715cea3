/**
 * The progress bar of long runs (cli-progress, on stderr): executions, rate, violations
 * and ETA; then, while a violation is shrunk, the shrinker's executions against its
 * budget. Shown only on a terminal, and never with `--json`, `--no-progress` or when
 * `CI` is set.
 */
import cliProgress from 'cli-progress';

/** Whether to show a progress bar. */
export function progressWanted(o: { readonly json: boolean; readonly flag: boolean | undefined; readonly isTTY: boolean; readonly env?: NodeJS.ProcessEnv }): boolean {
  const env = o.env ?? process.env;
  if (o.flag === false || o.json || !o.isTTY) return false;
  if (env['CI'] !== undefined && env['CI'] !== '' && env['CI'] !== 'false' && env['CI'] !== '0') return false;
  return true;
}

/** A progress bar, or a no-op when progress is off. */
export interface Progress {
  /** Shows `executions` done of `total` (the total may shrink as work is cancelled). */
  update(executions: number, violations: number, total?: number): void;
  /** Shows shrinking a violation instead: `attempts` executions of at most `max`. */
  shrinking(attempts: number, max: number): void;
  stop(): void;
}

const OFF: Progress = { update: () => undefined, shrinking: () => undefined, stop: () => undefined };

/** A bar for `total` executions on stderr when `enabled`. */
export function startProgress(enabled: boolean, total: number, label: string): Progress {
  if (!enabled) return OFF;
  const started = Date.now();
  const bounded = Number.isFinite(total);
  const bar = new cliProgress.SingleBar(
    {
      stream: process.stderr,
      format: bounded
        ? `${label} {bar} {percentage}% | {value}/{total} executions | {speed}/s | {violations} violations | ETA {eta_formatted}`
        : `${label} {value} executions | {speed}/s | {violations} violations | {duration_formatted} (until the time limit)`,
      barsize: 24,
      hideCursor: true,
      clearOnComplete: true,
      fps: 5,
      etaBuffer: 40,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(bounded ? total : 0, 0, { speed: '0', violations: 0 });
  let shrinkBar: cliProgress.SingleBar | null = null;
  return {
    update(executions: number, violations: number, now?: number): void {
      if (shrinkBar !== null) return;
      const secs = (Date.now() - started) / 1000;
      const t = !bounded ? executions : now !== undefined && Number.isFinite(now) ? Math.max(now, executions) : total;
      bar.setTotal(t);
      bar.update(Math.min(executions, t), { speed: secs > 0 ? Math.round(executions / secs).toLocaleString('en-US') : '0', violations });
    },
    shrinking(attempts: number, max: number): void {
      if (shrinkBar === null) {
        bar.stop();
        shrinkBar = new cliProgress.SingleBar(
          { stream: process.stderr, format: `${label} shrinking {bar} {value}/{total} executions (at most) | {duration_formatted}`, barsize: 24, hideCursor: true, clearOnComplete: true, fps: 5 },
          cliProgress.Presets.shades_classic,
        );
        shrinkBar.start(max, 0);
      }
      shrinkBar.update(Math.min(attempts, max));
    },
    stop(): void {
      if (shrinkBar !== null) shrinkBar.stop();
      else bar.stop();
    },
  };
}
