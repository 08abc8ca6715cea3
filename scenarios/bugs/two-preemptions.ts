/**
 * A bug that needs two preemptions: Peterson's mutual exclusion with its two writes
 * swapped. Correct Peterson announces interest (`flag[me] = true`) and then yields the
 * turn (`turn = other`); it enters when the other is not interested or it is not the
 * other's turn. Writing `turn` first breaks it, but only in one narrow schedule: A yields
 * the turn and is preempted (1); B runs all the way into its critical section, seeing
 * A not yet interested, and is preempted there (2); A announces itself, finds it is not
 * B's turn any more, and enters too. Any schedule with fewer preemptions is safe, so a
 * preemption-bounded search needs bound 2, and PCT depth 3.
 *
 * Waiting is bounded (`spins` tries, then give up) so that every schedule terminates and
 * the correct variant can be searched exhaustively.
 */
import { defineScenario } from '../../sim';

export default defineScenario({
  name: 'bug-two-preemptions',
  description: "Peterson's lock for two goroutines, with bounded waiting",
  variants: {
    'flag-then-turn': "Peterson's order: announce interest, then give the other the turn",
    'turn-then-flag': { description: 'give the turn first, announce interest second: both can enter', expect: 'fail' },
  },
  params: { spins: 2 },
  setup(sim, { variant, params }) {
    const flag = [sim.atomic('flag0', false), sim.atomic('flag1', false)];
    const turn = sim.atomic('turn', 0);
    const owner = sim.atomic('owner', -1);
    let inside = 0;
    sim.invariant('at most one goroutine in the critical section', () => inside <= 1 || `${inside} goroutines inside`);
    for (const me of [0, 1]) {
      const other = 1 - me;
      sim.go(`p${me}`, function* () {
        if (variant === 'flag-then-turn') {
          yield* flag[me]!.store(true);
          yield* turn.store(other);
        } else {
          yield* turn.store(other);
          yield* flag[me]!.store(true);
        }
        for (let i = 0; i < params.spins; i++) {
          const busy = (yield* flag[other]!.load()) && (yield* turn.load()) === other;
          if (!busy) {
            inside++;
            yield* owner.store(me); // the critical section
            inside--;
            break;
          }
          yield* sim.yieldNow();
        }
        yield* flag[me]!.store(false);
      });
    }
  },
});
