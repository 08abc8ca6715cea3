import { Effect, OpKind, type ObjectRef } from '../effect';
import { isYield, PollDetector } from './polling';

const ref = (id: number): ObjectRef => ({ id: id as ObjectRef['id'], kind: 'atomic', name: `o${id}`, key: '' });
const load = (o: ObjectRef): Effect => new Effect(OpKind.ALoad, o);
const store = (o: ObjectRef): Effect => new Effect(OpKind.AStore, o, 1);

describe('isYield', () => {
  it('should accept yieldNow and sleeps that do not advance the clock, and nothing else', () => {
    expect(isYield(new Effect(OpKind.Yield, null))).toBe(true);
    expect(isYield(new Effect(OpKind.Sleep, null, 0))).toBe(true);
    expect(isYield(new Effect(OpKind.Sleep, null, -1))).toBe(true);
    expect(isYield(new Effect(OpKind.Sleep, null, 5))).toBe(false);
    expect(isYield(load(ref(0)))).toBe(false);
  });
});

describe('PollDetector', () => {
  describe('polling', () => {
    it('should flag a re-read since the last write, and a yield, but never a first step', () => {
      const polls = new PollDetector();
      polls.begin();
      const flag = ref(1);
      expect(polls.polling(0, load(flag), 3)).toBe(false);
      polls.read(0, flag);
      expect(polls.polling(0, load(flag), 4)).toBe(true);
      expect(polls.polling(0, store(flag), 4)).toBe(false);
      expect(polls.polling(1, load(flag), 4)).toBe(false); // another goroutine's first read
      expect(polls.polling(0, load(ref(2)), 4)).toBe(false);
      expect(polls.polling(0, new Effect(OpKind.Yield, null), 4)).toBe(true);
      expect(polls.polling(0, new Effect(OpKind.Yield, null), 0)).toBe(false);
    });

    it('should make every read new again after a write anywhere', () => {
      const polls = new PollDetector();
      polls.begin();
      polls.read(0, ref(1));
      polls.wrote();
      expect(polls.isReRead(0, load(ref(1)))).toBe(false);
    });

    it('should forget the reads of the last execution', () => {
      const polls = new PollDetector();
      polls.begin();
      polls.read(0, ref(1));
      polls.begin();
      expect(polls.isReRead(0, load(ref(1)))).toBe(false);
    });
  });

  describe('read', () => {
    it('should remember the first four objects read, and always the latest', () => {
      const polls = new PollDetector();
      polls.begin();
      for (let id = 1; id <= 4; id++) polls.read(0, ref(id));
      for (let id = 1; id <= 4; id++) expect(polls.isReRead(0, load(ref(id)))).toBe(true);
      polls.read(0, ref(5));
      expect(polls.isReRead(0, load(ref(5)))).toBe(true);
      polls.read(0, ref(6));
      expect(polls.isReRead(0, load(ref(6)))).toBe(true);
    });
  });
});
