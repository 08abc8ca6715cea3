/**
 * How an execution ends: deadlock, the at-end checks, or the step limit.
 */
import { chanCause, describeStep, errorText, lockCycle } from './describe';
import { blockedOn } from './ops';
import { Phase } from './goroutine';
import { STOP } from './rt';
import type { Kernel } from './kernel';
import { OpKind } from '../effect';

/** Nothing can run and no timer keeps the run alive: report a deadlock or run the at-end checks. */
export function endOfRun(k: Kernel): void {
  if (k.live > 0) {
    const blocked = k.gs.filter((g) => !g.done && !g.daemon);
    const who = blocked.map((g) => `"${g.name}" blocked on ${blockedOn(g)}`).join('; ');
    const cause = lockCycle(k.gs.filter((g) => !g.done)) ?? lostWakeup(k) ?? chanCause(blocked);
    k.fail('deadlock', cause === null ? who : `${who}. Likely cause: ${cause}`);
    // Recorded first, so an assert inside a check cannot take its place; then the checks
    // that also fail say what the scenario knows about it.
    const dl = k.violation!;
    const also = failedChecks(k).map((f) => ` At-end check ${f} also fails.`).join('');
    if (also !== '') k.violation = { ...dl, detail: dl.detail + also };
    return;
  }
  const first = failedChecks(k, true)[0];
  if (first !== undefined) k.fail('at-end', first);
}

/** The at-end checks that fail, as `"name" failed: why` (only the first when `first`). */
function failedChecks(k: Kernel, first = false): string[] {
  const out: string[] = [];
  for (const c of k.atEnds) {
    let r: boolean | string;
    try {
      r = c.check();
    } catch (e) {
      if (e === STOP) break;
      r = `the check threw ${errorText(e)}`;
    }
    if (r !== true) {
      out.push(`"${c.name}" failed${r === false ? '' : `: ${String(r)}`}`);
      if (first) break;
    }
  }
  return out;
}

function lostWakeup(k: Kernel): string | null {
  const waiting = k.gs.filter((g) => !g.done && g.phase === Phase.Parked && g.pending.kind === OpKind.CondWait);
  if (waiting.length === 0) return null;
  return `a lost wakeup: ${waiting.map((g) => `"${g.name}"`).join(', ')} wait${waiting.length === 1 ? 's' : ''} on a cond that nobody will signal again (a signal sent before the wait, or one that woke a different waiter)`;
}

/** Runs the invariants after a step; the first that fails is the violation. */
export function checkInvariants(k: Kernel): void {
  // what each check reads is reported to the strategy (visible steps: strategy/visibility.ts)
  const observe = k.fp !== null;
  try {
    runInvariants(k, observe);
  } finally {
    k.observing = -1;
  }
}

function runInvariants(k: Kernel, observe: boolean): void {
  const step = k.step - 1;
  const invs = k.invariants;
  for (let i = 0; i < invs.length; i++) {
    const inv = invs[i]!;
    if (observe) k.observing = i;
    let r: boolean | string;
    try {
      r = inv.check();
    } catch (e) {
      if (e === STOP) return;
      r = `the check threw ${errorText(e)}`;
    }
    if (r !== true) {
      k.observing = -1;
      const why = r === false ? '' : `: ${String(r)}`;
      k.fail('invariant', `"${inv.name}" violated${why} (after ${describeStep.last(k)})`, undefined, step);
      return;
    }
  }
}

export function stepLimitDetail(k: Kernel): string {
  const runnable = k.runnable.map((g) => `"${g.name}"`).join(', ') || 'none';
  const blocked = k.gs.filter((g) => !g.done && !g.runnable);
  const b = blocked.length === 0 ? '' : `; blocked: ${blocked.map((g) => `"${g.name}" on ${blockedOn(g)}`).join(', ')}`;
  return (
    `the run did not end within ${k.maxSteps} steps (maxSteps). Likely cause: a livelock, or a loop that never blocks ` +
    `(a spin lock, a retry loop, a ticker that keeps firing). Runnable: ${runnable}${b}`
  );
}
