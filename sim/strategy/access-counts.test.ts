import { AccessCounts } from './access-counts';

const names = { keyOf: (id: number): string => ['shared:x', 'shared:y', 'timer:t'][id]! };
const all = (): boolean => true;

describe('AccessCounts', () => {
  describe('expected', () => {
    it('should give the mean accesses per execution over the executions a goroutine took part in', () => {
      const counts = new AccessCounts();
      counts.begin();
      counts.enter(0, 'a');
      counts.record(0, 0);
      counts.record(0, 0);
      counts.record(0, 1);
      counts.end(names);
      counts.begin();
      counts.enter(3, 'a'); // another id, the same goroutine key
      counts.enter(4, 'b');
      counts.record(3, 0);
      counts.record(4, 2);
      counts.end(names);
      expect(counts.expected('a', all)).toBe(2); // (3 + 1) / 2
      expect(counts.expected('a', (k) => k === 'shared:x')).toBe(1.5);
      expect(counts.expected('b', all)).toBe(1);
      expect(counts.expected('c', all)).toBeUndefined();
    });

    it('should count a goroutine that accessed nothing as taking part', () => {
      const counts = new AccessCounts();
      counts.begin();
      counts.enter(0, 'a');
      counts.record(0, 0);
      counts.end(names);
      counts.begin();
      counts.enter(0, 'a');
      counts.end(names);
      expect(counts.expected('a', all)).toBe(0.5);
    });
  });

  describe('record', () => {
    it('should keep every access of a long execution', () => {
      const counts = new AccessCounts();
      counts.begin();
      counts.enter(0, 'a');
      for (let i = 0; i < 1000; i++) counts.record(0, i % 2);
      counts.end(names);
      expect(counts.expected('a', all)).toBe(1000);
    });
  });
});
