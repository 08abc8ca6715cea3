import type { ObjectRef } from '../effect';
import type { GoroutineId } from '../ids';
import { abstractName, groupName, INIT, MAX_NTH, ReadsFrom } from './reads-from';
import type { Access, ChoicePoint, GoroutineView, StepInfo } from './strategy';

const NAMES = ['set', 'set#2', 'check'];

/** A choice point whose goroutines are named as in NAMES (ids 0, 1, 2). */
const point: ChoicePoint = {
  runnable: [],
  fireable: [],
  step: 0,
  now: 0,
  lastGid: -1,
  goroutines: NAMES.map((name, id) => view(id)),
  timers: [],
  footprintOf: () => null,
};

function view(id: number): GoroutineView {
  return { id: id as GoroutineId, name: NAMES[id]!, daemon: false, pending: undefined as never, steps: 1, key: String(id), pendingSince: 0, runnable: true, done: false };
}

/** Goroutine `gid` accessed object `id` (key `k<id>`). */
function step(gid: number, id: number, write: boolean): StepInfo {
  const a: Access = { id, key: `k${id}`, kind: 'atomic', write, op: -1 };
  return { gid, key: String(gid), accesses: [a], clockRead: false, clockWrite: false, completedAt: -1 };
}

function ref(id: number): ObjectRef {
  return { id: id as ObjectRef['id'], kind: 'atomic', name: `x${id}`, key: `k${id}` };
}

/** The candidate pairs as "r,w" strings. */
function candidates(rf: ReadsFrom): Set<string> {
  return new Set(Array.from({ length: rf.candidates }, (_, i) => rf.candidate(i).join(',')));
}

describe('ReadsFrom', () => {
  describe('observe', () => {
    it('should give goroutines of the same name the same events, told apart by their access count', () => {
      const rf = new ReadsFrom();
      rf.begin();
      rf.observe(point, step(0, 0, true), null);
      rf.observe(point, step(1, 0, true), null);
      rf.observe(point, step(1, 0, true), null);
      const first = rf.eventOf('set', '#k0', 0);
      expect(first).toBeGreaterThan(INIT);
      expect(rf.eventOf('set', '#k0', 1)).toBeGreaterThan(first);
      expect(rf.eventOf('set#2', '#k0', 0)).toBe(-1); // no such name: set#2 is a set
      expect(rf.eventOf('check', '#k0', 0)).toBe(-1);
    });

    it('should call back each access with the write it reads from, and count a pair only across goroutines', () => {
      const rf = new ReadsFrom();
      rf.begin();
      const visits: [number, number, number][] = [];
      const visit = (e: number, o: number, from: number): void => void visits.push([e, o, from]);
      rf.observe(point, step(2, 0, false), visit); // check reads INIT
      rf.observe(point, step(0, 0, true), visit); // set writes (reads from INIT: a pair too)
      rf.observe(point, step(0, 0, false), visit); // set reads its own write: no pair
      rf.observe(point, step(2, 0, false), visit); // check reads set's write
      const w = rf.eventOf('set', '#k0', 0);
      const r0 = rf.eventOf('check', '#k0', 0);
      const r1 = rf.eventOf('check', '#k0', 1);
      expect(visits).toEqual([
        [r0, 0, INIT],
        [w, 0, INIT],
        [rf.eventOf('set', '#k0', 1), 0, w],
        [r1, 0, w],
      ]);
      expect(rf.newPairs).toBe(3);
      expect(rf.pairsObserved).toBe(3);
      expect(rf.lastWrite(ref(0))).toBe(w);
    });

    it('should report as new only the pairs no earlier execution observed', () => {
      const rf = new ReadsFrom();
      const run = (order: [number, boolean][]): number => {
        rf.begin();
        for (const [g, write] of order) rf.observe(point, step(g, 0, write), null);
        return rf.newPairs;
      };
      expect(run([[0, true], [2, false]])).toBe(2);
      expect(run([[0, true], [2, false]])).toBe(0);
      expect(run([[2, false], [0, true]])).toBe(1); // check reads INIT: new; set's write from INIT: seen
    });

    it('should tell apart at most MAX_NTH accesses of one goroutine to one object', () => {
      const rf = new ReadsFrom();
      rf.begin();
      for (let i = 0; i < MAX_NTH + 5; i++) rf.observe(point, step(0, 0, true), null);
      expect(rf.eventOf('set', '#k0', MAX_NTH - 1)).toBeGreaterThan(0);
      expect(rf.eventOf('set', '#k0', MAX_NTH)).toBe(rf.eventOf('set', '#k0', MAX_NTH - 1));
    });
  });

  describe('named', () => {
    it('should name an object by kind and name once a pending effect showed it, else by its key', () => {
      const rf = new ReadsFrom();
      rf.begin();
      rf.named(ref(0)); // atomic "x0"
      rf.observe(point, step(0, 0, true), null);
      rf.observe(point, step(0, 1, true), null);
      expect(rf.eventOf('set', 'atomic:x0', 0)).toBeGreaterThan(0);
      expect(rf.eventOf('set', '#k1', 0)).toBeGreaterThan(0);
      expect(rf.eventOf('set', '#k0', 0)).toBe(-1);
    });

    it('should abstract goroutine names over a final number and the #n that made them unique', () => {
      expect(['worker', 'worker#2', 'worker12', 'worker3#2', 'stage1a', '7'].map(abstractName)).toEqual(['worker', 'worker', 'worker', 'worker', 'stage1a', '']);
      expect(groupName('waitGroup:setThread12.exit')).toBe('waitGroup:setThread.exit');
    });

    it('should draw candidates by object group first: a hundred per-thread objects weigh as one', () => {
      const rf = new ReadsFrom();
      rf.begin();
      const many = 100;
      const objects = Array.from({ length: many + 2 }, (_, i) => ({ ...ref(i), name: i < many ? `t${i}.exit` : `x${i - many}` }));
      for (const o of objects) {
        rf.named(o);
        rf.observe(point, step(0, o.id, true), null);
      }
      const xs = [rf.objectKey(objects[many]!), rf.objectKey(objects[many + 1]!)];
      let onX = 0;
      for (let i = 0; i < 1000; i++) if (xs.includes(rf.keyOf(rf.drawCandidate((i % 100) / 100 + 0.005, 0.5)[0]))) onX++;
      expect(onX).toBe(500); // two groups of atomics: t.exit (100 objects) and x (two)
    });

    it('should draw a group of signalling objects less often than a group of data', () => {
      const rf = new ReadsFrom();
      rf.begin();
      rf.named({ ...ref(0), kind: 'waitGroup', name: 'done' });
      rf.named(ref(1));
      rf.observe(point, step(0, 0, true), null);
      rf.observe(point, step(0, 1, true), null);
      const data = rf.objectKey(ref(1));
      let onData = 0;
      for (let i = 0; i < 700; i++) if (rf.keyOf(rf.drawCandidate((i + 0.5) / 700, 0.5)[0]) === data) onData++;
      expect(onData).toBe(600); // weights 1 and RFF_DATA_GROUP_WEIGHT = 6
    });
  });

  describe('candidates', () => {
    it('should pair every event of an object with every write of it and INIT, seen or not', () => {
      const rf = new ReadsFrom();
      rf.begin();
      rf.observe(point, step(2, 0, false), null); // r
      rf.observe(point, step(0, 0, true), null); // w
      rf.observe(point, step(0, 1, true), null); // another object
      const r = rf.eventOf('check', '#k0', 0);
      const w = rf.eventOf('set', '#k0', 0);
      const other = rf.eventOf('set', '#k1', 0);
      expect(candidates(rf)).toEqual(new Set([`${r},${INIT}`, `${w},${INIT}`, `${r},${w}`, `${other},${INIT}`]));
      expect(rf.keyOf(r)).toBe(rf.keyOf(w));
      expect(rf.keyOf(other)).not.toBe(rf.keyOf(w));
    });
  });

  describe('pendingEvent', () => {
    it('should name the event a goroutine’s next access would be', () => {
      const rf = new ReadsFrom();
      rf.begin();
      rf.named(ref(0));
      rf.observe(point, step(0, 0, true), null);
      rf.observe(point, step(0, 0, true), null);
      rf.begin();
      expect(rf.pendingEvent(point, view(1), ref(0))).toBe(rf.eventOf('set', 'atomic:x0', 0));
      rf.observe(point, step(1, 0, true), null);
      expect(rf.pendingEvent(point, view(1), ref(0))).toBe(rf.eventOf('set', 'atomic:x0', 1));
      rf.observe(point, step(1, 0, true), null);
      expect(rf.pendingEvent(point, view(1), ref(0))).toBe(-1); // a third access: never seen
    });
  });
});
