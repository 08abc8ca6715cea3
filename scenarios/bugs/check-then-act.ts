/**
 * Atomicity violation (check-then-act): `withdraw` checks the balance and debits it in
 * two separate critical sections. Two withdrawals that each fit the balance alone both
 * pass the check before either debits, and the account goes negative. The fix holds the
 * lock across the check and the debit. Depth 2: one preemption between the two sections.
 */
import { defineScenario } from '../../sim';

export default defineScenario({
  name: 'bug-check-then-act',
  description: 'two withdrawals check the balance, then debit it',
  variants: {
    'one-section': 'check and debit under one lock',
    'two-sections': { description: 'check under the lock, release it, debit under it again', expect: 'fail' },
  },
  params: { balance: 100, amount: 70 },
  setup(sim, { variant, params }) {
    const mu = sim.mutex('account.mu');
    let balance = params.balance;
    sim.invariant('the balance never goes negative', () => balance >= 0 || `balance is ${balance}`);
    for (const who of ['alice', 'bob']) {
      sim.go(who, function* () {
        yield* mu.lock();
        const ok = balance >= params.amount;
        if (variant === 'two-sections') {
          yield* mu.unlock();
          if (!ok) return;
          yield* mu.lock();
        }
        if (ok) balance -= params.amount;
        yield* mu.unlock();
      });
    }
  },
});
