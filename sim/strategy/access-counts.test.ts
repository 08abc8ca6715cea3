import { AccessCounts } from './access-counts';

const names = { keyOf: (id: number): string => ['shared:x', 'shared:y', 'timer:t'][id]! };
const all = (): boolean => true;

describe('AccessCounts', () => {
  describe('total', () => {
    it('should sum every goroutine’s accesses to an object over the executions that ended', () => {
      const counts = new AccessCounts();
      counts.begin();
      counts.enter(0, 'a');
      counts.enter(1, 'b');
      counts.record(0, 0);
      counts.record(1, 0);
      counts.record(1, 1);
      expect(counts.total('shared:x')).toBe(0); // not before the execution ends
      counts.end(names);
      counts.begin();
      counts.enter(0, 'a');
      counts.record(0, 0);
      counts.end(names);
      expect(counts.total('shared:x')).toBe(3);
      expect(counts.total('shared:y')).toBe(1);
      expect(counts.total('timer:t')).toBe(0);
    });
  });

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

  describe('expectedWithDescendants', () => {
    it('should add the expected accesses of every goroutine a goroutine spawned, and theirs', () => {
      const counts = new AccessCounts();
      counts.begin();
      counts.enter(0, '0'); // a spawner: no accesses of its own
      counts.enter(1, '0.0');
      counts.enter(2, '0.1');
      counts.enter(3, '0.1.0'); // a grandchild
      counts.enter(4, '1'); // another setup goroutine: not a descendant
      for (const [gid, n] of [[1, 2], [2, 3], [3, 1], [4, 5]] as const) for (let i = 0; i < n; i++) counts.record(gid, 0);
      counts.end(names);
      expect(counts.expectedWithDescendants('0', all)).toBe(6);
      expect(counts.expectedWithDescendants('0.1', all)).toBe(4);
      expect(counts.expectedWithDescendants('0.0', all)).toBe(2);
      expect(counts.expectedWithDescendants('1', all)).toBe(5);
      expect(counts.expectedWithDescendants('2', all)).toBeUndefined();
    });

    it('should count a child seen in only some executions at its own mean', () => {
      const counts = new AccessCounts();
      counts.begin();
      counts.enter(0, '0');
      counts.end(names);
      counts.begin();
      counts.enter(0, '0');
      counts.enter(1, '0.0');
      counts.record(1, 0);
      counts.record(1, 0);
      counts.end(names);
      expect(counts.expectedWithDescendants('0', all)).toBe(2);
    });
  });
});
