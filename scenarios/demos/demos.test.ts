import { explore, replay } from '../../sim';
import boundedBuffer from './bounded-buffer';
import diningPhilosophers from './dining-philosophers';
import lostUpdate from './lost-update';

describe('demos', () => {
  describe('lost-update', () => {
    it('should hold with the lock and lose an update without it', () => {
      expect(explore(lostUpdate, { variant: 'fixed', runs: 2000 }).violation).toBeUndefined();
      const r = explore(lostUpdate, { variant: 'bad', runs: 100 });
      expect(r.violation?.kind).toBe('data-race');
      expect(replay(lostUpdate, r.violation!.schedule).violation!.message).toBe(r.violation!.message);
    });
  });

  describe('bounded-buffer', () => {
    it('should hold when every wait is in a for loop', () => {
      expect(explore(boundedBuffer, { variant: 'correct', runs: 5000, seed: 1 }).violation).toBeUndefined();
      expect(explore(boundedBuffer, { variant: 'correct', runs: 2000, seed: 2, params: { producers: 2, consumers: 3, items: 3, capacity: 2 } }).violation).toBeUndefined();
    });

    it('should catch a consumer acting on a stale condition after waiting with if', () => {
      const r = explore(boundedBuffer, { variant: 'wait-with-if', runs: 5000, seed: 1 });
      expect(r.violation?.kind).toBe('assertion');
      expect(r.violation?.message).toContain('takes from an empty buffer');
    });

    it('should catch the lost wakeup of one cond woken with signal as a deadlock', () => {
      const r = explore(boundedBuffer, { variant: 'one-cond-signal', runs: 5000, seed: 1 });
      expect(r.violation?.kind).toBe('deadlock');
      expect(r.violation?.message).toMatch(/blocked on cond "notFull" wait/);
    });
  });

  describe('dining-philosophers', () => {
    it('should hold with a lock order or a waiter', () => {
      expect(explore(diningPhilosophers, { variant: 'ordered', runs: 3000 }).violation).toBeUndefined();
      expect(explore(diningPhilosophers, { variant: 'waiter', runs: 3000 }).violation).toBeUndefined();
    });

    it('should deadlock in a lock-order cycle when everyone takes the left fork first', () => {
      const r = explore(diningPhilosophers, { variant: 'naive', runs: 5000, seed: 3 });
      expect(r.violation?.kind).toBe('deadlock');
      expect(r.violation?.message).toContain('Likely cause: lock-order cycle');
    });
  });
});
