/**
 * Ghost state for the checks of the `tcpip-job` scenario: what happened to each instance
 * of one Job. Not part of the original; the model touches it on lines marked `// ghost`.
 */

/** `A`, `B`, … for the n-th instance (0-based); past Z, `27`, `28`… */
export function letter(n: number): string {
  return n < 26 ? String.fromCharCode(65 + n) : String(n + 1);
}

/** `instance A`, `instance B`, …: the names of the T1 driver's instances (and their goroutines). */
export function instanceName(n: number): string {
  return `instance ${letter(n)}`;
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

  /** Scheduled, not fired, not cancelled: its timer is still armed. */
  get pending(): boolean {
    return !this.fired && !this.cancelled;
  }

  /** `A: fired, cancelled (Stop false), returned early`. */
  describe(prefix: string): string {
    const what: string[] = [];
    if (this.cancelled && this.stopResult === true) what.push('cancelled before it fired (Stop true)');
    else {
      if (this.fired) what.push('fired');
      if (this.cancelled) what.push('cancelled (Stop false)');
      if (!this.fired && !this.cancelled) what.push('never fired');
    }
    if (this.returnedEarly) what.push('returned early');
    if (this.fnRuns > 0) what.push(this.fnRuns === 1 ? 'ran fn' : `ran fn ${this.fnRuns} times`);
    return `${this.name.slice(prefix.length + 1)}: ${what.join(', ')}`;
  }
}

/** The instances of one Job, in `Schedule` order, and which one is calling fn. */
export class Ledger {
  readonly instances: InstanceGhost[] = [];
  /** The instance whose callback is inside `j.fn()`, or null. */
  running: InstanceGhost | null = null;
  /** The most instances whose timers were armed at once (Schedule on a scheduled Job makes it 2). */
  maxPending = 0;

  /** `prefix`: the instances' names are `${prefix} A`, `${prefix} B`…, as their goroutines. */
  constructor(readonly prefix = 'instance') {}

  /** The name of instance `id` (and of its timer and goroutine). */
  name(id: number): string {
    return `${this.prefix} ${letter(id)}`;
  }

  /** A new instance (called by `Schedule`); returns its id. */
  scheduled(): number {
    this.instances.push(new InstanceGhost(this.name(this.instances.length)));
    this.maxPending = Math.max(this.maxPending, this.instances.filter((g) => g.pending).length);
    return this.instances.length - 1;
  }

  fired(id: number): void {
    this.instances[id]!.fired = true;
  }

  cancelled(id: number, stopped: boolean): void {
    const g = this.instances[id]!;
    g.cancelled = true;
    g.stopResult = stopped;
  }

  returnedEarly(id: number): void {
    this.instances[id]!.returnedEarly = true;
  }

  /** Instance `id`'s callback calls fn. */
  enter(id: number): void {
    this.running = this.instances[id]!;
  }

  leave(id: number): void {
    if (this.running === this.instances[id]) this.running = null;
  }

  /** `instance A Stop() returned false`. */
  describeStop(id: number): string {
    const g = this.instances[id]!;
    return `${g.name} Stop() returned ${String(g.stopResult)}`;
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
      if (g.ranAfterCancel) return `${g.name} ran fn after it was cancelled (Stop returned false: it had already fired and was waiting for the lock); ${this.summary()}`;
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
    return `${this.prefix === 'instance' ? '' : `${this.prefix} `}instances: ${this.instances.map((g) => g.describe(this.prefix)).join('; ')}`;
  }
}
