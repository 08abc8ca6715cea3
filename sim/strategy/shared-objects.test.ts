import { Effect, OpKind, type ObjectRef } from '../effect';
import { keyHash, SharedObjects } from './shared-objects';

const ref = (id: number, name: string, kind: ObjectRef['kind'] = 'shared'): ObjectRef => ({ id: id as ObjectRef['id'], kind, name, key: '' });
const load = (o: ObjectRef): Effect => new Effect(OpKind.Load, o);
const store = (o: ObjectRef): Effect => new Effect(OpKind.Store, o, 1);

describe('SharedObjects', () => {
  describe('isShared', () => {
    it('should need two goroutines and a write', () => {
      const objects = new SharedObjects();
      const mine = ref(0, 'mine');
      const ro = ref(1, 'ro');
      const x = ref(2, 'x');
      objects.begin();
      objects.use(0, store(mine));
      objects.use(0, load(mine));
      objects.use(0, load(ro));
      objects.use(1, load(ro));
      objects.use(0, load(x));
      expect(objects.isShared(x)).toBe(false);
      objects.use(1, store(x));
      expect(objects.isShared(mine)).toBe(false);
      expect(objects.isShared(ro)).toBe(false);
      expect(objects.isShared(x)).toBe(true);
    });

    it('should count a timer as shared and no object as not', () => {
      const objects = new SharedObjects();
      objects.begin();
      expect(objects.isShared(ref(0, 't', 'timer'))).toBe(true);
      expect(objects.isShared(null)).toBe(false);
    });

    it('should remember across executions by kind and name, whatever the id, accumulating what each showed', () => {
      const objects = new SharedObjects();
      objects.begin();
      objects.use(0, load(ref(3, 'x')));
      objects.use(1, load(ref(3, 'x'))); // two goroutines, no write
      objects.end();
      objects.begin();
      const x = ref(7, 'x');
      expect(objects.isShared(x)).toBe(false);
      objects.use(4, store(x)); // one goroutine writes
      objects.end();
      objects.begin();
      expect(objects.isShared(ref(1, 'x'))).toBe(true);
      expect(objects.isShared(ref(2, 'x', 'atomic'))).toBe(false);
    });

    it('should forget what an execution showed until it ends', () => {
      const objects = new SharedObjects();
      objects.begin();
      objects.use(0, store(ref(0, 'x')));
      objects.use(1, store(ref(0, 'x')));
      objects.begin(); // the last execution never ended
      expect(objects.isShared(ref(0, 'x'))).toBe(false);
    });
  });

  describe('use', () => {
    it('should return the object id, or -1 for an effect without one', () => {
      const objects = new SharedObjects();
      objects.begin();
      expect(objects.use(0, store(ref(5, 'x')))).toBe(5);
      expect(objects.use(0, new Effect(OpKind.Yield, null))).toBe(-1);
      expect(objects.keyOf(5)).toBe('shared:x');
      expect(objects.hashOf(5)).toBe(keyHash('shared:x'));
    });
  });

  describe('sharedKeys', () => {
    it('should list the shared objects learned so far, sorted', () => {
      const objects = new SharedObjects();
      objects.begin();
      for (const [id, name] of [[0, 'b'], [1, 'a'], [2, 'c']] as const) {
        objects.use(0, store(ref(id, name)));
        if (name !== 'c') objects.use(1, load(ref(id, name)));
      }
      expect(objects.sharedKeys()).toEqual([]);
      objects.end();
      expect(objects.sharedKeys()).toEqual(['shared:a', 'shared:b']);
      expect(objects.learnedAbout('shared:c')?.shared).toBe(false);
      expect(objects.learnedAbout('shared:d')).toBeUndefined();
    });
  });
});

describe('keyHash', () => {
  it('should give the same 32-bit value in every process', () => {
    expect(keyHash('atomic:counter')).toBe(1755736243);
    expect(keyHash('chan:results')).toBe(3020280714);
    expect(keyHash('')).toBe(447841614);
  });
});
