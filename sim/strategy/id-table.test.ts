import { IdTable } from './id-table';

describe('IdTable', () => {
  describe('touch', () => {
    it('should report an id as new once per execution', () => {
      const t = new IdTable(4);
      t.reset();
      expect(t.touch(2)).toBe(true);
      expect(t.touch(2)).toBe(false);
      expect(t.has(2)).toBe(true);
      expect(t.has(1)).toBe(false);
      t.reset();
      expect(t.has(2)).toBe(false);
      expect(t.touch(2)).toBe(true);
    });

    it('should grow every column to fit a large id, keeping values and zero-filling the rest', () => {
      const t = new IdTable(2);
      const a = t.int32();
      const b = t.float64(3);
      t.reset();
      t.touch(1);
      a.data[1] = 7;
      b.data[3 * 1 + 2] = 0.5;
      t.touch(9);
      expect(t.capacity).toBeGreaterThanOrEqual(10);
      expect(a.data.length).toBe(t.capacity);
      expect(b.data.length).toBe(3 * t.capacity);
      expect(a.data[1]).toBe(7);
      expect(b.data[5]).toBe(0.5);
      expect(a.data[9]).toBe(0);
      expect(t.has(1) && t.has(9)).toBe(true);
    });

    it('should at least double the capacity when it grows', () => {
      const t = new IdTable(8);
      t.reset();
      t.touch(8);
      expect(t.capacity).toBe(16);
      t.touch(100);
      expect(t.capacity).toBe(101);
    });
  });

  describe('reset', () => {
    it('should forget which ids were seen but leave column values as they are', () => {
      const t = new IdTable(4);
      const held = t.int32();
      t.reset();
      t.touch(3);
      held.data[3] = 42;
      t.reset();
      expect(t.has(3)).toBe(false);
      expect(t.max).toBe(-1);
      expect(held.data[3]).toBe(42);
    });

    it('should treat ids as unseen before the first reset', () => {
      const t = new IdTable(4);
      t.reset();
      for (let id = 0; id < 4; id++) expect(t.has(id)).toBe(false);
    });
  });

  describe('max', () => {
    it('should be the highest id touched in this execution', () => {
      const t = new IdTable(4);
      t.reset();
      expect(t.max).toBe(-1);
      t.touch(5);
      t.touch(2);
      expect(t.max).toBe(5);
      const seen: number[] = [];
      for (let id = 0; id <= t.max; id++) if (t.has(id)) seen.push(id);
      expect(seen).toEqual([2, 5]);
    });
  });

  describe('fit', () => {
    it('should grow without making the id seen', () => {
      const t = new IdTable(2);
      const c = t.int32();
      t.reset();
      t.fit(20);
      expect(c.data.length).toBeGreaterThanOrEqual(21);
      expect(t.has(20)).toBe(false);
      expect(t.max).toBe(-1);
    });
  });
});
