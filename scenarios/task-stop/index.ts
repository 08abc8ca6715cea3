/**
 * `task-stop`: gVisor's task stops and group stop, driven by a checkpointer (`Pause`/
 * `Unpause`), a signal sender (`kill` of SIGSTOP, SIGCONT, SIGKILL), `runsc exec`
 * (`CreateProcess`), an optional inspector (`Task.BeginExternalStop`/`EndExternalStop`),
 * and the parent that counts stop notifications.
 *
 * Original: gVisor `pkg/sentry/kernel/task_stop.go` (/work/shared/seeds/gvisor-kernel-task_stop.go.txt),
 * with the group stop of `task_signals.go` as SCENARIOS.md section 3 describes it. The
 * model is in `task.ts` (stop counting, `doStop`), `task-set.ts` (TaskSet stops, `Pause`)
 * and `thread-group.ts` (signals, group stop); `README.md` maps it to the original and
 * tells each variant's bug.
 *
 * Parameters: `tasks` (tasks of the initial thread group `tg0`), `rounds` (run steps per
 * task), `pauses` (Pause + Unpause rounds), `signals` (what the sender sends to `tg0`, in
 * order, comma-separated; empty for none), `newTasks` (processes created by `CreateProcess`
 * while everything runs), `externalStops` (per-task external stops by the inspector).
 */
import { defineScenario } from '../../sim';
import { registerChecks } from './checks';
import type { Ctx } from './model';
import { Kernel } from './task-set';
import type { Signal, SignalInfo } from './thread-group';

const SIGNALS: readonly Signal[] = ['SIGSTOP', 'SIGCONT', 'SIGKILL'];

/** `"SIGSTOP, SIGCONT"` → `['SIGSTOP', 'SIGCONT']`; throws on an unknown name. */
function parseSignals(list: string): Signal[] {
  return list
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .map((s) => {
      if (!(SIGNALS as readonly string[]).includes(s)) throw new Error(`unknown signal "${s}" in signals (use ${SIGNALS.join(', ')})`);
      return s as Signal;
    });
}

export default defineScenario({
  name: 'task-stop',
  description: "gVisor's task stops and group stop: stopCount and doStop, TaskSet stops and Pause, SIGSTOP/SIGCONT/SIGKILL",
  variants: {
    correct: 'stops counted under the signal mutex; doStop waits in a for loop; SIGCONT cancels a dequeued SIGSTOP; new tasks inherit the TaskSet stops',
    'dostop-if': { description: 'doStop waits in an if, not a for: a task runs under a stop that began while it was being woken', expect: 'fail' },
    'sigcont-lost': { description: 'SIGCONT returns early before clearing groupStopDequeued: a racing SIGSTOP stops the group for good', expect: 'fail' },
    'ack-window': { description: 'the signal mutex is dropped between acknowledging the group stop and entering it: a SIGCONT in between is lost', expect: 'fail' },
    'unbalanced-end': { description: 'Unpause runs once more than Pause (deferred and explicit): the TaskSet stopCount goes negative and panics', expect: 'fail' },
    'new-task-misses-pause': {
      description: 'a task created during a Pause starts with stopCount 0 instead of the TaskSet stopCount',
      expect: 'fail',
      params: { newTasks: 1 },
    },
  },
  // Small enough for exhaustive search (see README.md): one task, no `runsc exec` (the
  // variant about new tasks creates one).
  params: { tasks: 1, rounds: 1, pauses: 1, signals: 'SIGSTOP,SIGCONT', newTasks: 0, externalStops: 0 },
  setup(sim, { variant, params }) {
    for (const [key, v] of Object.entries(params)) {
      if (typeof v === 'number' && !(Number.isInteger(v) && v >= 0)) throw new Error(`parameter ${key} must be a non-negative integer, got ${v}`);
    }
    const m: Ctx = { sim, variant, rounds: params.rounds };
    const signals = parseSignals(params.signals);
    const k = new Kernel(m, params.tasks);
    // Buffered: signalStop queues SIGCHLD and returns; each completed group stop follows a SIGSTOP.
    const SIGCHLD = sim.chan<SignalInfo>('SIGCHLD', signals.length);
    const tg0 = k.newThreadGroup(SIGCHLD);
    for (let i = 0; i < params.tasks; i++) k.tasks.bootTask(`t${i}`, tg0);
    registerChecks(sim, k);

    sim.go(
      'parent',
      function* () {
        for (;;) {
          yield* SIGCHLD.recv();
          tg0.notifiedGroupStops++;
        }
      },
      { daemon: true },
    );

    // Kernel.Start: the init process's tasks run from the start (counted by the WaitGroup's initial count).
    for (const t of tg0.tasks) t.Boot();
    if (params.newTasks > 0) {
      sim.go('kernel', function* () {
        for (let i = 0; i < params.newTasks; i++) yield* k.CreateProcess(`p${i}`);
      });
    }

    if (params.pauses > 0 || variant === 'unbalanced-end') {
      sim.go('stopper', function* () {
        for (let r = 0; r < params.pauses; r++) {
          yield* k.Pause();
          yield* k.Unpause();
        }
        if (variant === 'unbalanced-end') yield* k.Unpause(); // a deferred Unpause runs as well
      });
    }

    if (signals.length > 0) {
      sim.go('sender', function* () {
        for (const s of signals) yield* tg0.SendSignal(s);
      });
    }

    if (params.externalStops > 0 && params.tasks > 0) {
      sim.go('inspector', function* () {
        for (let i = 0; i < params.externalStops; i++) {
          const t = tg0.tasks[i % tg0.tasks.length]!;
          yield* t.BeginExternalStop();
          yield* t.EndExternalStop();
        }
      });
    }
  },
});
