/**
 * The ABA problem on a lock-free (Treiber) stack: `pop` reads the top node A and its
 * successor B, then swings `top` from A to B with compare-and-swap. If, in between,
 * another goroutine pops A, pops B and pushes A back, `top` is A again and the CAS
 * succeeds — installing B, which is no longer on the stack. The fix tags `top` with a
 * version that every successful CAS bumps, so the stale CAS fails. Depth 2: one
 * preemption between the read and the CAS.
 */
import { defineScenario } from '../../sim';

/** `top` packs a node number (0 = empty, nodes 1..3) and, when tagged, a version: node + 16·version. */
const NODE = 16;

export default defineScenario({
  name: 'bug-aba-stack',
  description: 'two goroutines pop and push a lock-free stack with compare-and-swap',
  variants: {
    'tagged-top': 'the top word carries a version that every successful CAS bumps',
    'plain-top': { description: 'CAS on the node alone: a popped node can come back as the top (ABA)', expect: 'fail' },
  },
  setup(sim, { variant }) {
    const tagged = variant === 'tagged-top';
    // node i's successor; the stack starts as 1 → 2 → 3
    const next = [0, 2, 3, 0].map((n, i) => sim.atomic(`node${i}.next`, n));
    const top = sim.atomic('top', 1);
    const onStack = new Set([1, 2, 3]);
    const word = (old: number, node: number): number => (tagged ? node + NODE * (Math.floor(old / NODE) + 1) : node);
    sim.invariant('the top node is on the stack', () => {
      const node = top.value % NODE;
      return node === 0 || onStack.has(node) || `top is node ${node}, which was popped`;
    });

    const pop = function* () {
      for (;;) {
        const t = yield* top.load();
        const node = t % NODE;
        if (node === 0) return 0;
        const succ = yield* next[node]!.load();
        if (yield* top.cas(t, word(t, succ))) {
          onStack.delete(node);
          return node;
        }
      }
    };
    const push = function* (node: number) {
      for (;;) {
        const t = yield* top.load();
        yield* next[node]!.store(t % NODE);
        if (yield* top.cas(t, word(t, node))) {
          onStack.add(node);
          return;
        }
      }
    };
    sim.go('consumer', function* () {
      yield* pop();
    });
    sim.go('recycler', function* () {
      const a = yield* pop();
      yield* pop();
      yield* push(a);
    });
  },
});
