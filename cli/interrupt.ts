/**
 * SIGINT and SIGTERM as a request to stop cleanly: while listening, the first signal is
 * recorded (the caller stops its work between executions and saves what it must), and a
 * second one ends the process at once, with the shell's code for the signal (128 + its
 * number). Used by `run --checkpoint`; without a listener, the signals keep Node's
 * default (the process ends at once).
 */

/** The signals that ask a search to stop. */
const SIGNALS = ['SIGINT', 'SIGTERM'] as const;
const CODES: Readonly<Record<(typeof SIGNALS)[number], number>> = { SIGINT: 130, SIGTERM: 143 };

/** Listens for SIGINT/SIGTERM until `dispose()`. */
export class Interrupt {
  /** The first signal received, or null. */
  signal: (typeof SIGNALS)[number] | null = null;
  private readonly handler = (sig: (typeof SIGNALS)[number]): void => {
    if (this.signal !== null) process.exit(CODES[sig]);
    this.signal = sig;
    this.say(`${sig}: stopping after the current executions and saving the checkpoint (send it again to quit at once, without saving)`);
  };

  private constructor(private readonly say: (line: string) => void) {
    for (const s of SIGNALS) process.on(s, this.handler);
  }

  /** Starts listening; `say` prints a line for the user. */
  static listen(say: (line: string) => void): Interrupt {
    return new Interrupt(say);
  }

  /** Stops listening (the signals get their default meaning back). */
  dispose(): void {
    for (const s of SIGNALS) process.off(s, this.handler);
  }
}
