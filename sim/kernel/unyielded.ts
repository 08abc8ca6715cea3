/**
 * The `panic` for an effect that a goroutine called but never yielded (`m.lock();` with
 * no `yield*`, or `const v = c.load()` used as a value): the effect did nothing, and the
 * run would go on as if the call were not there. The detection is the `ledger` of
 * `effect.ts`; this module names the dropped call the way the user wrote it.
 */
import { Effect, OpKind } from '../effect';
import { formatValue } from '../format';

/** A receiver as the user probably named it: the object's name when it is an identifier. */
function receiver(e: Effect): string {
  const o = e.obj;
  if (o === null) return 'sim';
  return /^[A-Za-z_$][\w$]*$/.test(o.name) ? o.name : o.kind;
}

/** The method call that made `e`, with its arguments: `lock()`, `send(1)`, `cas(0, 1)`. */
function method(e: Effect): string {
  switch (e.kind) {
    case OpKind.Lock:
    case OpKind.WLock:
      return 'lock()';
    case OpKind.Unlock:
    case OpKind.WUnlock:
      return 'unlock()';
    case OpKind.TryLock:
    case OpKind.TryWLock:
      return 'tryLock()';
    case OpKind.TryRLock:
      return 'tryRLock()';
    case OpKind.RLock:
      return 'rlock()';
    case OpKind.RUnlock:
      return 'runlock()';
    case OpKind.CondWait:
    case OpKind.WgWait:
      return 'wait()';
    case OpKind.CondSignal:
      return 'signal()';
    case OpKind.CondBroadcast:
      return 'broadcast()';
    case OpKind.WgAdd:
      return e.b === 'done' ? 'done()' : `add(${formatValue(e.a)})`;
    case OpKind.OnceEnter:
      return 'do(…)';
    case OpKind.Send:
      return `send(${formatValue(e.a)})`;
    case OpKind.Recv:
      return 'recv()';
    case OpKind.RecvOk:
      return 'recvOk()';
    case OpKind.Close:
      return 'close()';
    case OpKind.Select:
      return 'select([…])';
    case OpKind.Load:
    case OpKind.ALoad:
      return 'load()';
    case OpKind.Store:
    case OpKind.AStore:
      return `store(${formatValue(e.a)})`;
    case OpKind.Free:
      return 'free()';
    case OpKind.AAdd:
      return `add(${formatValue(e.a)})`;
    case OpKind.ACas:
      return `cas(${formatValue(e.a)}, ${formatValue(e.b)})`;
    case OpKind.ASwap:
      return `swap(${formatValue(e.a)})`;
    case OpKind.Sleep:
      return `sleep(${formatValue(e.a)})`;
    case OpKind.Random:
      return `random(${formatValue(e.a)})`;
    case OpKind.Yield:
      return 'yieldNow()';
    case OpKind.TimerStop:
      return 'stop()';
    case OpKind.TimerReset:
      return `reset(${formatValue(e.a)})`;
    default:
      return 'an effect';
  }
}

/**
 * The call that made `e` as the user wrote it: `m.lock()`, `sim.sleep(5)`, or
 * `mutex.lock() (mutex "a b")` when the object's name is not an identifier.
 */
export function callText(e: Effect): string {
  const r = receiver(e);
  const o = e.obj;
  const where = o !== null && r !== o.name ? ` (${o.kind} "${o.name}")` : '';
  return `${r}.${method(e)}${where}`;
}

/**
 * The panic's detail for goroutine `name`, which called `n` effects it never yielded, the
 * first of them `e` (null when the run did not name it: see `ledger` in effect.ts).
 */
export function unyieldedDetail(name: string, e: Effect | null, n: number): string {
  const call = e === null ? 'an effect' : callText(e);
  const more = n > 1 ? ` (and ${n - 1} more call${n > 2 ? 's' : ''} like it)` : '';
  const fix = e === null ? 'write yield* before it' : `write yield* ${call.replace(/ \(.*\)$/, '')}`;
  return (
    `"${name}": ${call} was called but not yielded${more}, so it did nothing: ${fix}. ` +
    `Likely cause: a missing yield* (an effect only acts when a goroutine yields it; a value read with load()/recv() needs yield* too)`
  );
}

/**
 * Whether `named` (the detail of a run that named the call) reports the same drop as
 * `unnamed` (an exploring run's, `unyieldedDetail` with no effect): the same goroutine,
 * as many calls.
 */
export function sameDrop(unnamed: string, named: string): boolean {
  const i = unnamed.indexOf(': an effect was called but not yielded');
  if (i < 0 || !named.startsWith(unnamed.slice(0, i + 2))) return false;
  const count = (d: string): string => /\(and \d+ more calls? like it\)/.exec(d)?.[0] ?? '';
  return named.includes(' was called but not yielded') && count(named) === count(unnamed);
}
