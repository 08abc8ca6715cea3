import { defineScenario, explore, Millisecond, replay, type Effect } from '..';
import abaStack from '../../scenarios/bugs/aba-stack';
import narrowWindow from '../../scenarios/bugs/narrow-window';
import { OpKind } from '../effect';
import { conflicts } from './dependency';
import { PosStrategy } from './pos';
import type { ChoicePoint, ExecutionOutcome, Strategy, TimerView } from './strategy';

/** Three goroutines: a writer and a reader of x, and a writer of y (independent of both). */
const xy = defineScenario({
  name: 'xy',
  description: 'racing and independent accesses',
  variants: { v: 'test' },
  setup(sim) {
    const x = sim.atomic('x', 0);
    const y = sim.atomic('y', 0);
    sim.go('wx', function* () {
      for (let i = 0; i < 3; i++) yield* x.store(i);
    });
    sim.go('rx', function* () {
      for (let i = 0; i < 3; i++) yield* x.load();
    });
    sim.go('wy', function* () {
      for (let i = 0; i < 3; i++) yield* y.store(i);
    });
  },
});

/** A ticker whose channel one goroutine polls (select with default) while another works on its own. */
const ticks = defineScenario({
  name: 'ticks',
  description: 'a ticker racing with polls of its channel',
  variants: { v: 'test' },
  setup(sim) {
    const tick = sim.newTicker(1 * Millisecond, 'tick');
    const x = sim.atomic('x', 0);
    sim.go('poll', function* () {
      for (let i = 0; i < 6; i++) yield* sim.select([tick.C.recv()], { default: true });
    });
    sim.go('other', function* () {
      for (let i = 0; i < 6; i++) yield* x.store(i);
    });
  },
});

/** Whether `op` acts on object `id` (a select: one of its cases does). */
function actsOn(op: Effect, id: number): boolean {
  if (op.obj !== null) return op.obj.id === id;
  return op.kind === OpKind.Select && (op.a as readonly Effect[]).some((c) => c.obj !== null && c.obj.id === id);
}

/** Whether a priority was re-drawn by a step, and whether the step raced with that event. */
interface TimerRedraw {
  readonly races: boolean;
  readonly changed: boolean;
}

/** Expects every racing event re-drawn and no other, with more than `min` of each. */
function expectRedrawnIffRacing(redraws: readonly TimerRedraw[], min: number): void {
  const racing = redraws.filter((r) => r.races);
  const independent = redraws.filter((r) => !r.races);
  expect(racing.length).toBeGreaterThan(min);
  expect(independent.length).toBeGreaterThan(min);
  expect(racing.every((r) => r.changed)).toBe(true);
  expect(independent.every((r) => !r.changed)).toBe(true);
}

/** Records, around every step, which pending events had their priority re-drawn: timers after a goroutine's step, goroutines after a firing. */
class TimerSpy implements Strategy {
  readonly name = 'timer-spy';
  readonly timersAfterStep: TimerRedraw[] = [];
  readonly goroutinesAfterFiring: TimerRedraw[] = [];
  private timers = new Map<number, { prio: number; deadline: number }>();
  private goroutines = new Map<number, { prio: number; steps: number }>();
  private ran: Effect | null = null;
  private fired: TimerView | null = null;
  constructor(readonly inner: PosStrategy) {}
  begin(i: number): boolean {
    return this.inner.begin(i);
  }
  pick(point: ChoicePoint): number {
    const i = this.inner.pick(point);
    const nR = point.runnable.length;
    this.ran = i < nR ? point.runnable[i]!.pending : null;
    this.fired = i < nR ? null : point.fireable[i - nR]!;
    this.timers.clear();
    for (const t of point.fireable) this.timers.set(t.timerId, { prio: this.inner.timerPriorityOf(t.timerId)!, deadline: t.deadline });
    this.goroutines.clear();
    for (const g of point.goroutines) {
      const prio = this.inner.priorityOf(g.id);
      if (!g.done && prio !== undefined) this.goroutines.set(g.id, { prio, steps: g.steps });
    }
    return i;
  }
  afterStep(point: ChoicePoint): void {
    this.inner.afterStep(point);
    const ran = this.ran;
    if (ran !== null) {
      for (const t of point.fireable) {
        const b = this.timers.get(t.timerId);
        if (b === undefined || b.deadline !== t.deadline || t.chan === null) continue;
        this.timersAfterStep.push({ races: actsOn(ran, t.chan.id), changed: this.inner.timerPriorityOf(t.timerId) !== b.prio });
      }
    } else if (this.fired !== null && this.fired.chan !== null) {
      for (const g of point.goroutines) {
        const b = this.goroutines.get(g.id);
        if (g.done || b === undefined || b.steps !== g.steps) continue;
        this.goroutinesAfterFiring.push({ races: actsOn(g.pending, this.fired.chan.id), changed: this.inner.priorityOf(g.id) !== b.prio });
      }
    }
  }
  choose(n: number): number {
    return this.inner.choose(n);
  }
  end(o: ExecutionOutcome): void {
    this.inner.end(o);
  }
}

interface Redraw {
  readonly ran: Effect;
  readonly other: Effect;
  readonly changed: boolean;
}

/** Records, for every step, which other runnable goroutines had their priority re-drawn. */
class Spy implements Strategy {
  readonly name = 'spy';
  readonly redraws: Redraw[] = [];
  private before = new Map<number, { prio: number; steps: number; pending: Effect }>();
  private ran: { id: number; op: Effect } | null = null;
  constructor(readonly inner: PosStrategy) {}
  begin(i: number): boolean {
    return this.inner.begin(i);
  }
  pick(point: ChoicePoint): number {
    const i = this.inner.pick(point);
    this.before.clear();
    for (const g of point.runnable) this.before.set(g.id, { prio: this.inner.priorityOf(g.id)!, steps: g.steps, pending: g.pending });
    this.ran = i < point.runnable.length ? { id: point.runnable[i]!.id, op: point.runnable[i]!.pending } : null;
    return i;
  }
  afterStep(point: ChoicePoint): void {
    this.inner.afterStep(point);
    if (this.ran === null) return;
    for (const g of point.runnable) {
      const b = this.before.get(g.id);
      if (g.id === this.ran.id || b === undefined || b.steps !== g.steps) continue;
      this.redraws.push({ ran: this.ran.op, other: g.pending, changed: this.inner.priorityOf(g.id) !== b.prio });
    }
  }
  choose(n: number): number {
    return this.inner.choose(n);
  }
  end(o: ExecutionOutcome): void {
    this.inner.end(o);
  }
}

describe('PosStrategy', () => {
  describe('explore', () => {
    it('should give identical traces for the same seed', () => {
      for (const seed of [1, 7, 'x']) {
        const a = explore(abaStack, { variant: 'plain-top', strategy: 'pos', seed, runs: 5000 });
        const b = explore(abaStack, { variant: 'plain-top', strategy: 'pos', seed, runs: 5000 });
        expect(a.violation).toBeDefined();
        expect(JSON.stringify(a.violation!.trace)).toBe(JSON.stringify(b.violation!.trace));
        expect(a.violation!.message).toBe(b.violation!.message);
        expect(a.executions).toBe(b.executions);
      }
    });

    it('should replay a violation to the identical message', () => {
      const r = explore(narrowWindow, { variant: 'ready-then-data', strategy: 'pos', seed: 3, runs: 2000 });
      expect(r.violation?.kind).toBe('assertion');
      const again = replay(narrowWindow, r.violation!.schedule);
      expect(again.violation!.message).toBe(r.violation!.message);
      expect(JSON.stringify(again.trace)).toBe(JSON.stringify(r.violation!.trace));
    });
  });

  describe('afterStep', () => {
    it('should re-draw the priorities of exactly the pending events that race with the one that ran', () => {
      const spy = new Spy(new PosStrategy(11));
      explore(xy, { strategy: spy, runs: 200 });
      const racing = spy.redraws.filter((r) => conflicts(r.ran, r.other));
      const independent = spy.redraws.filter((r) => !conflicts(r.ran, r.other));
      expect(racing.length).toBeGreaterThan(100);
      expect(independent.length).toBeGreaterThan(100);
      expect(racing.every((r) => r.changed)).toBe(true);
      expect(independent.every((r) => !r.changed)).toBe(true);
    });

    it('should re-draw a due timer after an effect on the channel its firing sends on, and only then', () => {
      const spy = new TimerSpy(new PosStrategy(3));
      explore(ticks, { strategy: spy, runs: 200 });
      expectRedrawnIffRacing(spy.timersAfterStep, 100);
    });

    it('should re-draw the pending events on a timer’s channel after the timer fires, and only those', () => {
      const spy = new TimerSpy(new PosStrategy(4));
      explore(ticks, { strategy: spy, runs: 200 });
      expectRedrawnIffRacing(spy.goroutinesAfterFiring, 50);
    });
  });

  describe('pick', () => {
    it('should run the highest-priority pending event', () => {
      const pos = new PosStrategy(5);
      let checked = 0;
      const check: Strategy = {
        name: 'check',
        begin: (i) => pos.begin(i),
        pick(point) {
          const i = pos.pick(point);
          if (i < point.runnable.length && point.fireable.length === 0) {
            const best = Math.max(...point.runnable.map((g) => pos.priorityOf(g.id)!));
            expect(pos.priorityOf(point.runnable[i]!.id)).toBe(best);
            checked++;
          }
          return i;
        },
        afterStep: (point) => pos.afterStep(point),
        choose: (n) => pos.choose(n),
        end: (o) => pos.end(o),
      };
      explore(xy, { strategy: check, runs: 50 });
      expect(checked).toBeGreaterThan(400);
    });
  });
});
