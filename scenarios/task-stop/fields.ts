/**
 * One way for the model's classes to expose their race-checked fields. A class keeps the
 * fields other goroutines touch in a `sim.struct` (its field `f`, of type
 * `StructFields<Class, Key>`), declares each as a property with its doc comment and
 * invariant (`declare stop: TaskStop | null;`), and lists the keys once; `structFields`
 * then makes each key an accessor of the class's prototype that reads and writes the same
 * field of `f`. (`f` is `protected`, not `private`: the compiler does not see the
 * accessors read it, and would call a private `f` unused.)
 *
 * An access `t.stop` is then exactly one access of the struct's field, as the hand-written
 * `get stop() { return this.f.stop; }` it replaces was: the same race checks, footprints and
 * (with `preemptAtAccesses`) scheduling points, so the models' execution counts are
 * unchanged.
 *
 * @example
 *   const TASK_FIELDS = ['stop', 'exitState'] as const;
 *   class Task {
 *     declare stop: TaskStop | null;
 *     declare exitState: TaskExitState;
 *     protected readonly f: StructFields<Task, (typeof TASK_FIELDS)[number]>;
 *     constructor(sim: Sim) {
 *       this.f = sim.struct('t0', { stop: null, exitState: 'TaskExitNone' });
 *     }
 *   }
 *   structFields(Task, TASK_FIELDS);
 */

/** The struct behind `keys` of class `C`: the declared properties' types, every one writable by the class. */
export type StructFields<C, K extends keyof C> = { -readonly [P in K]: C[P] };

/** What an instance holds at run time: its struct. */
interface HasStruct {
  readonly f: Record<string, unknown>;
}

/**
 * Defines each of `keys` on `cls.prototype` as an accessor of the instance's struct `f`
 * (see the module comment). Call it once, after the class. The keys must be declared
 * properties of the class (`declare`, so that no own property hides the accessor).
 */
export function structFields<C extends abstract new (...args: never[]) => object>(cls: C, keys: readonly (keyof InstanceType<C> & string)[]): void {
  for (const key of keys) {
    Object.defineProperty(cls.prototype, key, {
      configurable: true,
      enumerable: false,
      get(this: HasStruct): unknown {
        return this.f[key];
      },
      set(this: HasStruct, v: unknown): void {
        this.f[key] = v;
      },
    });
  }
}
