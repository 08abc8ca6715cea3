import { defineScenario, explore } from '..';
import type { EventPriorities } from './event-priorities';
import type { ChoicePoint } from './strategy';
import { SurwStrategy } from './surw';

/** One event that ran: its goroutine, its place in the goroutine, its object, its priority. */
interface Ran {
  readonly execution: number;
  readonly gid: number;
  readonly steps: number;
  readonly object: string | null;
  readonly prio: number;
}

/** `surw`, recording the priority of every goroutine event it picks. */
class Recording extends SurwStrategy {
  readonly log: Ran[] = [];
  private execution = -1;

  override begin(execution: number): boolean {
    this.execution = execution;
    return super.begin(execution);
  }

  override pick(point: ChoicePoint): number {
    const i = super.pick(point);
    const g = point.runnable[i];
    if (g !== undefined) {
      const prio = (this as unknown as { readonly prio: EventPriorities }).prio.peekGoroutine(g.id)!;
      this.log.push({ execution: this.execution, gid: g.id, steps: g.steps, object: g.pending.obj === null ? null : `${g.pending.obj.kind}:${g.pending.obj.name}`, prio });
    }
    return i;
  }
}

/** Two goroutines share `x` (the only object two use); each has private work around its accesses. */
const twoOnX = defineScenario({
  name: 'two-on-x',
  description: 'two goroutines access x between private steps',
  variants: { v: 'test' },
  setup(sim) {
    const x = sim.atomic('x', 0);
    const a = sim.atomic('a', 0);
    const b = sim.atomic('b', 0);
    sim.go('A', function* () {
      yield* x.store(1);
      yield* a.add(1);
      yield* x.store(2);
      yield* a.add(1);
    });
    sim.go('B', function* () {
      yield* b.add(1);
      yield* x.load();
      yield* b.add(1);
      yield* x.load();
    });
  },
});

/*
 * zhaohuanqdcn/SURW@2a4c5de1570bde225ca37021cacf405f0ba4db2c src/main.zig,
 * choose_next_thread_idx: a thread that ran an event of alg2 (uninteresting) gets a new
 * priority (pri_callback: priority = -1, drawn again at the next choice); one that ran an
 * event of alg1 (interesting, as the target) keeps its priority (urw_callback only).
 */
describe('SurwStrategy priorities', () => {
  it("should keep a goroutine's priority for the event after an interesting one, and draw a new one after any other", () => {
    const surw = new Recording(11);
    explore(twoOnX, { strategy: surw, runs: 200 });
    let kept = 0;
    let redrawn = 0;
    for (const e of surw.log) {
      // from the second execution on, x is the one selected object (nothing is learned before)
      if (e.execution === 0) continue;
      const next = surw.log.find((n) => n.execution === e.execution && n.gid === e.gid && n.steps === e.steps + 1);
      if (next === undefined) continue;
      const interesting = e.steps > 0 && e.object === 'atomic:x';
      expect([e.object, e.steps, interesting ? next.prio === e.prio : next.prio !== e.prio]).toEqual([e.object, e.steps, true]);
      if (interesting) kept++;
      else redrawn++;
    }
    expect(kept).toBeGreaterThan(300);
    expect(redrawn).toBeGreaterThan(300);
  });
});
