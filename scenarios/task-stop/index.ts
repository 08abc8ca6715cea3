/**
 * `task-stop`: gVisor's task stops and group stop, driven by a checkpointer (`Pause`/
 * `Unpause`), a signal sender (`kill` of SIGSTOP, SIGCONT, SIGKILL, as gVisor's regression
 * test `sigstop.cc` of f7324fa does), `runsc exec` (`CreateProcess`), and an optional
 * inspector (`Task.BeginExternalStop`/`EndExternalStop`). The tasks run that test's child,
 * `while (true) pause();`: they sleep in a syscall that only an interrupt ends.
 *
 * Original: google/gvisor@3c5eee17 `pkg/sentry/kernel/task_stop.go`, `task_signals.go`,
 * `task_run.go`, `task_block.go`, `task_exit.go`, `task_start.go`, `kernel.go` (README.md
 * maps every function to its lines, and tells each variant's bug and history).
 *
 * Parameters: `tasks` (tasks of the thread group `tg0`), `pauses` (Pause + Unpause rounds),
 * `signals` (what the sender sends to `tg0`, in order, comma-separated; empty for none),
 * `newTasks` (processes created by `CreateProcess` while everything runs), `externalStops`
 * (per-task external stops by the inspector).
 */
import { defineScenario } from '../../sim';
import { observed, registerChecks } from './checks';
import type { Ctx, Signal, SignalInfo } from './model';
import { Kernel } from './task-set';

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
  description: "gVisor's task stops and group stop: stopCount and doStop, TaskSet stops and Pause, SIGSTOP/SIGCONT/SIGKILL to tasks asleep in pause(2)",
  variants: {
    correct: 'as google/gvisor@3c5eee17: stops counted under the signal mutex, doStop waits in a for, SIGCONT always cancels a dequeued SIGSTOP, the group stop is entered under one hold',
    'dostop-if': { description: 'doStop waits in an if, not a for: a task runs under a stop that began while it was being woken', expect: 'fail' },
    'sigcont-lost': { description: 'before f7324fa: SIGCONT returns early before clearing groupStopDequeued, so a racing SIGSTOP stops the group for good', expect: 'fail' },
    'ack-window': { description: 'before f7324fa: runInterrupt drops the signal mutex between acknowledging the group stop and entering it; a SIGCONT in between is lost', expect: 'fail' },
    'unbalanced-end': { description: 'Unpause runs once more than Pause (deferred and explicit): the TaskSet stopCount goes negative and panics', expect: 'fail' },
    'new-task-misses-pause': {
      description: 'a task created during a Pause starts with stopCount 0 instead of the TaskSet stopCount',
      expect: 'fail',
      params: { newTasks: 1, signals: '' },
    },
    'stop-without-interrupt': { description: 'TaskSet.BeginExternalStop does not interrupt the tasks: one asleep in pause(2) never stops, and Pause waits for good', expect: 'fail' },
  },
  // Small enough for exhaustive search (see README.md): one task, no `runsc exec` (the
  // variant about new tasks creates one).
  params: { tasks: 1, pauses: 1, signals: 'SIGSTOP,SIGCONT', newTasks: 0, externalStops: 0 },
  setup(sim, { variant, params }) {
    for (const [key, v] of Object.entries(params)) {
      if (typeof v === 'number' && !(Number.isInteger(v) && v >= 0)) throw new Error(`parameter ${key} must be a non-negative integer, got ${v}`);
    }
    const m: Ctx = { sim, variant };
    const signals = parseSignals(params.signals);
    const k = new Kernel(m, params.tasks);
    // The process that sends the signals is tg0's parent: it gets tg0's stop notifications.
    const parent = k.newThreadGroup('parent', null);
    const tg0 = k.newThreadGroup('tg0', parent);
    const booted = Array.from({ length: params.tasks }, (_, i) => k.tasks.bootTask(`t${i}`, tg0));
    const obs = observed();
    registerChecks(sim, k, obs);

    // Kernel.Start: the init process's tasks run from the start (counted by the WaitGroup's initial count).
    for (const t of booted) t.Boot();

    if (params.newTasks > 0) {
      sim.go('kernel', function* () {
        for (let i = 0; i < params.newTasks; i++) yield* k.CreateProcess(`p${i}`);
      });
    }

    if (params.pauses > 0 || variant === 'unbalanced-end') {
      sim.go('stopper', function* () {
        for (let r = 0; r < params.pauses; r++) {
          yield* k.Pause();
          obs.pausedTasks = k.tasks.all.filter((t) => t.goschedState === 'Stopped');
          sim.note('Pause returns');
          yield* sim.yieldNow(); // the checkpoint is written while the kernel is paused
          obs.pausedTasks = null; // Unpause begins: the tasks may run again
          yield* k.Unpause();
        }
        if (variant === 'unbalanced-end') yield* k.Unpause(); // a deferred Unpause runs as well
      });
    }

    if (signals.length > 0 && params.tasks > 0) {
      sim.go('sender', function* () {
        let seq = 0;
        for (const signo of signals) {
          const info: SignalInfo = { signo, seq: ++seq };
          yield* tg0.SendGroupSignal(info); // kill(pid, signo)
          sim.note(`kill(${signo}) #${info.seq} returns`);
          if (signo === 'SIGCONT') obs.lastContSeq = info.seq;
        }
      });
    }

    if (params.externalStops > 0 && params.tasks > 0) {
      sim.go('inspector', function* () {
        for (let i = 0; i < params.externalStops; i++) {
          const t = booted[i % booted.length]!;
          yield* t.BeginExternalStop();
          obs.externalStops.set(t.name, (obs.externalStops.get(t.name) ?? 0) + 1);
          yield* t.EndExternalStop();
          obs.externalStops.set(t.name, (obs.externalStops.get(t.name) ?? 0) - 1);
        }
      });
    }
  },
});
