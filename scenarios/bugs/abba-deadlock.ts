/**
 * ABBA deadlock: `transfer(from, to)` locks the source account, then the destination.
 * Two opposite transfers at once each hold one lock and wait for the other's: a
 * lock-order cycle. The fix is a global lock order (the lower account id first). Depth 2:
 * one preemption, right after the first lock.
 */
import { defineScenario } from '../../sim';

export default defineScenario({
  name: 'bug-abba-deadlock',
  description: 'two opposite bank transfers lock their two accounts',
  variants: {
    ordered: 'lock the account with the lower id first',
    'from-then-to': { description: 'lock the source, then the destination: a lock-order cycle', expect: 'fail' },
  },
  setup(sim, { variant }) {
    const accounts = [
      { id: 0, mu: sim.mutex('account0.mu'), balance: 100 },
      { id: 1, mu: sim.mutex('account1.mu'), balance: 100 },
    ];
    const transfer = function* (from: (typeof accounts)[number], to: (typeof accounts)[number], amount: number) {
      const [first, second] = variant === 'ordered' && from.id > to.id ? [to, from] : [from, to];
      yield* first.mu.lock();
      yield* second.mu.lock();
      from.balance -= amount;
      to.balance += amount;
      yield* second.mu.unlock();
      yield* first.mu.unlock();
    };
    sim.go('transfer0to1', () => transfer(accounts[0]!, accounts[1]!, 10));
    sim.go('transfer1to0', () => transfer(accounts[1]!, accounts[0]!, 20));
    sim.atEnd('money is conserved', () => accounts[0]!.balance + accounts[1]!.balance === 200 || 'the total changed');
  },
});
