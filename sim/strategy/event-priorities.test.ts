import { EventPriorities } from './event-priorities';
import { Rng } from './rng';

describe('EventPriorities', () => {
  describe('goroutine', () => {
    it('should keep an event’s priority and draw a new one for the next event', () => {
      const prio = new EventPriorities(new Rng(1));
      prio.begin();
      const p = prio.goroutine(3, 0);
      expect(p).toBeGreaterThanOrEqual(0);
      expect(p).toBeLessThan(1);
      expect(prio.goroutine(3, 0)).toBe(p);
      expect(prio.goroutine(3, 1)).not.toBe(p);
      expect(prio.peekGoroutine(3)).toBe(prio.goroutine(3, 1));
    });

    it('should draw the same priorities for the same seed and execution', () => {
      const draw = (): number[] => {
        const rng = new Rng('s');
        const prio = new EventPriorities(rng);
        rng.reseed(2);
        prio.begin();
        return [prio.goroutine(0, 0), prio.timer(0, 100), prio.goroutine(1, 0), prio.goroutine(0, 1)];
      };
      expect(draw()).toEqual(draw());
    });
  });

  describe('timer', () => {
    it('should treat a new deadline as a new event', () => {
      const prio = new EventPriorities(new Rng(2));
      prio.begin();
      const p = prio.timer(0, 1000);
      expect(prio.timer(0, 1000)).toBe(p);
      expect(prio.timer(0, 2000)).not.toBe(p);
    });
  });

  describe('redrawGoroutine', () => {
    it('should give the same event a new priority', () => {
      const prio = new EventPriorities(new Rng(3));
      prio.begin();
      const p = prio.goroutine(0, 5);
      prio.redrawGoroutine(0, 5);
      expect(prio.goroutine(0, 5)).not.toBe(p);
      const q = prio.timer(1, 10);
      prio.redrawTimer(1, 10);
      expect(prio.peekTimer(1)).not.toBe(q);
    });
  });

  describe('begin', () => {
    it('should forget every priority', () => {
      const prio = new EventPriorities(new Rng(4));
      prio.begin();
      prio.goroutine(0, 0);
      prio.timer(0, 1);
      prio.begin();
      expect(prio.peekGoroutine(0)).toBeUndefined();
      expect(prio.peekTimer(0)).toBeUndefined();
    });
  });
});
