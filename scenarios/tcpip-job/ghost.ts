/**
 * Ghost state for the checks of the `tcpip-job` scenario: what happened to each job
 * instance. Not part of the original; the model touches it on lines marked `// ghost:`.
 */

/** `instance A`, `instance B`, … for the n-th instance (0-based); past Z, `instance 27`… */
export function instanceName(n: number): string {
  return `instance ${n < 26 ? String.fromCharCode(65 + n) : String(n + 1)}`;
}

/** What the checks know about one job instance (one `Schedule`). */
export class InstanceGhost {
  /** Its timer fired and its callback started. */
  fired = false;
  /** `Cancel` stopped it; `stopResult` is what `Timer.Stop` returned (null: not cancelled). */
  cancelled = false;
  stopResult: boolean | null = null;
  /** Its callback saw `earlyReturn` and returned without calling fn. */
  returnedEarly = false;
  /** How many times its callback called fn. Invariant: at most 1. */
  fnRuns = 0;
  /** It called fn after it had been cancelled. Invariant: false. */
  ranAfterCancel = false;

  constructor(readonly name: string) {}

  /** `A: fired, cancelled (Stop false), returned early`. */
  describe(): string {
    const what: string[] = [];
    if (this.cancelled && this.stopResult === true) what.push('cancelled before it fired (Stop true)');
    else {
      if (this.fired) what.push('fired');
      if (this.cancelled) what.push('cancelled (Stop false)');
      if (!this.fired && !this.cancelled) what.push('never fired');
    }
    if (this.returnedEarly) what.push('returned early');
    if (this.fnRuns > 0) what.push(this.fnRuns === 1 ? 'ran fn' : `ran fn ${this.fnRuns} times`);
    return `${this.name.replace(/^instance /, '')}: ${what.join(', ')}`;
  }
}

/** The instances of one Job, in `Schedule` order, and which one is calling fn. */
export class Ledger {
  readonly instances: InstanceGhost[] = [];
  /** The instance whose callback is inside `j.fn()`, or null. */
  running: InstanceGhost | null = null;

  /** A new instance (called by `Schedule`). */
  scheduled(): InstanceGhost {
    const g = new InstanceGhost(instanceName(this.instances.length));
    this.instances.push(g);
    return g;
  }

  /** Records that `running` calls fn: once at most, never after it was cancelled. */
  fnCalled(): void {
    const g = this.running;
    if (g === null) return;
    g.fnRuns++;
    if (g.cancelled) g.ranAfterCancel = true;
  }

  /** The invariant: true, or what went wrong. */
  checkInstances(): true | string {
    for (const g of this.instances) {
      if (g.ranAfterCancel) {
        return `${g.name} ran fn after T1 cancelled it (Stop returned false: it had already fired and was waiting for L); ${this.summary()}`;
      }
      if (g.fnRuns > 1) return `${g.name} ran fn ${g.fnRuns} times; ${this.summary()}`;
    }
    return true;
  }

  /** Total fn calls. */
  get fnRuns(): number {
    let n = 0;
    for (const g of this.instances) n += g.fnRuns;
    return n;
  }

  /** `instances: A: fired, cancelled (Stop false), returned early; B: …`. */
  summary(): string {
    return `instances: ${this.instances.map((g) => g.describe()).join('; ')}`;
  }
}
