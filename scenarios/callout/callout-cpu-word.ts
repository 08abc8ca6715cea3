/**
 * The word `c_cpu` of a `struct callout`: which CPU owns the callout, or CPUBLOCK while
 * callout_cpu_switch moves it (sys/kern/kern_timeout.c of FreeBSD 14, lines 344–368 and
 * 564–586; README.md, "Originals"). callout_lock reads it with no lock held and re-checks it
 * under a CPU's lock while the mover writes it under another: a race by design. This module
 * makes the callouts (`new_callout`) and gives the accesses of that race (`load_c_cpu`,
 * `store_c_cpu`), and the wait on CPUBLOCK (`cpublockOf`).
 */
import type { Atomic, Mutex, Routine, Shared, Sim } from '../../sim';
import { newCallout, type callout } from './sys-callout';

/** The accesses to `c_cpu` that race by design, and the callouts' constructor. */
export interface CpuWord {
  /** Model: the mutex that stands for the spin on `c_cpu == CPUBLOCK` (see callout_lock). */
  cpublockOf(c: callout): Mutex;
  /** `c->c_cpu` as callout_lock reads it: an atomic load, or a plain field read (`plain`). */
  load_c_cpu(c: callout): Routine<number>;
  /** `c->c_cpu = v` as callout_cpu_switch writes it. */
  store_c_cpu(c: callout, v: number): Routine<void>;
  /** A race-checked `struct callout` named `name` inside `mem` (its `c_cpu` as the mode says). */
  new_callout(name: string, mem: Shared<unknown> | null): callout;
}

/** `atomic`: the racing accesses are atomics (`c1.c_cpu`); `plain`: the struct's plain field, as the C declares it. */
export function c_cpu_word(sim: Sim, c_cpu_mode: 'atomic' | 'plain'): CpuWord {
  // ENGINE: while callout_cpu_switch moves a callout (c_cpu == CPUBLOCK), callout_lock spins
  // (`while (c->c_cpu == CPUBLOCK) cpu_spinwait();`, kern_timeout.c:572–577), and the mover
  // runs with interrupts and preemption off (spinlock_enter). A spin on sim.yieldNow() is
  // unbounded for exhaustive search and livelocks under priority schedulers, so the mover
  // holds this per-callout mutex from `c_cpu = CPUBLOCK` to `c_cpu = new_cpu`, and a
  // spinner blocks on it instead.
  const cpublock = new Map<callout, Mutex>();
  function cpublockOf(c: callout): Mutex {
    let m = cpublock.get(c);
    if (m === undefined) cpublock.set(c, (m = sim.mutex(`${c.name} CPUBLOCK`)));
    return m;
  }

  /**
   * `c_cpu` is read with no lock held by callout_lock, and re-checked under a CPU's lock
   * while the mover may be writing it under another: a race by design in the C code. With
   * `c_cpu=atomic` (default) those accesses are atomics (`c1.c_cpu`), with `plain` they
   * are the struct's plain field and the race detector reports them (FINDINGS.md).
   */
  const c_cpu_cell = new Map<callout, Atomic<number>>();
  function* load_c_cpu(c: callout): Routine<number> {
    const a = c_cpu_cell.get(c);
    return a === undefined ? c.c_cpu : yield* a.load();
  }
  function* store_c_cpu(c: callout, v: number): Routine<void> {
    const a = c_cpu_cell.get(c);
    if (a === undefined) c.c_cpu = v;
    else yield* a.store(v);
  }
  function new_callout(name: string, mem: Shared<unknown> | null): callout {
    const init = newCallout(name, mem);
    if (c_cpu_mode === 'plain') return sim.struct(name, init);
    const { c_cpu, ...rest } = init;
    const a = sim.atomic(`${name}.c_cpu`, c_cpu);
    // The struct without c_cpu, and c_cpu as an accessor to the atomic (plain reads and
    // writes outside callout_lock and callout_cpu_switch: under the CPU's lock, or checks).
    const c = Object.create(sim.struct(name, rest), {
      c_cpu: {
        get: () => a.value,
        set: () => {
          throw new Error(`internal error: ${name}.c_cpu is an atomic here: store it with store_c_cpu`);
        },
        enumerable: true,
      },
    }) as callout;
    c_cpu_cell.set(c, a);
    return c;
  }

  return { cpublockOf, load_c_cpu, store_c_cpu, new_callout };
}
