/**
 * The kernel's side of the `Runtime` interface: what facades call to create objects,
 * spawn goroutines and peek at values.
 */
import type { ObjectRef } from '../effect';
import type { ObjectId } from '../ids';
import type { Body, Check, GoroutineHandle, Runtime, TimerFlavor } from '../runtime';
import { freezeValue } from './freeze';
import type { Kernel } from './kernel';
import type { Obj } from './objects';
import { ChanObj } from './ops/chan';
import { CondObj } from './ops/cond';
import { AtomicObj, SharedObj, useAfterFree } from './ops/memory';
import { MutexObj } from './ops/mutex';
import { OnceObj } from './ops/once';
import { activeWriter, RWMutexObj } from './ops/rwmutex';
import { commitWrites, StructObj, structView } from './ops/struct';
import { TimerKind, type TimerObj } from './ops/timer';
import { WaitGroupObj } from './ops/waitgroup';
import { activateRace } from './race';
import { STOP } from './rt';
import { spawn } from './spawn';

export class KernelRuntime implements Runtime {
  constructor(private readonly k: Kernel) {}

  private id(): ObjectId {
    return this.k.nextObjectId++ as ObjectId;
  }

  /** Gives `o` its key when footprints are recorded (see `Obj.key`). */
  private keyed<T extends Obj>(o: T): T {
    const k = this.k;
    if (k.fp !== null) {
      const c = k.current;
      o.key = c === null ? `o${k.setupObjects++}` : `${c.key}o${c.objects++}`;
    }
    return o;
  }

  spawn(name: string, body: Body, daemon: boolean): GoroutineHandle {
    const p = this.k.current;
    if (p !== null && p.wb !== null) commitWrites(this.k, p); // `go` is a release (ops/struct.ts)
    return spawn(this.k, name, body, daemon, p !== null ? p.vc : null);
  }

  newMutex(name: string): ObjectRef {
    return this.keyed(new MutexObj(this.id(), name));
  }

  newRWMutex(name: string): ObjectRef {
    return this.keyed(new RWMutexObj(this.id(), name));
  }

  newCond(locker: ObjectRef, name: string): ObjectRef {
    if (!(locker instanceof MutexObj || locker instanceof RWMutexObj)) {
      throw new TypeError(`cond("${name}"): the locker must be a mutex or an rwmutex of this simulation`);
    }
    return this.keyed(new CondObj(this.id(), name, locker));
  }

  newWaitGroup(name: string, count: number): ObjectRef {
    if (!(Number.isSafeInteger(count) && count >= 0)) throw new RangeError(`waitGroup("${name}", ${String(count)}): the count must be a non-negative integer`);
    const wg = this.keyed(new WaitGroupObj(this.id(), name));
    wg.count = count;
    return wg;
  }

  newOnce(name: string): ObjectRef {
    return this.keyed(new OnceObj(this.id(), name));
  }

  newChan(name: string, cap: number): ObjectRef {
    if (!(Number.isSafeInteger(cap) && cap >= 0)) throw new RangeError(`chan("${name}", ${String(cap)}): makechan: size out of range`);
    return this.keyed(new ChanObj(this.id(), name, cap));
  }

  newShared(name: string, init: unknown): ObjectRef {
    activateRace(this.k);
    return this.keyed(new SharedObj(this.id(), name, freezeValue(init)));
  }

  newAtomic(name: string, init: unknown): ObjectRef {
    return this.keyed(new AtomicObj(this.id(), name, freezeValue(init)));
  }

  newStruct<T extends object>(name: string, init: T): T {
    if (typeof init !== 'object' || init === null || Array.isArray(init)) throw new TypeError(`struct("${name}", init): init must be an object of fields`);
    const fields = Object.keys(init);
    const values = fields.map((f) => freezeValue((init as Record<string, unknown>)[f]));
    activateRace(this.k);
    const s = this.keyed(new StructObj(this.id(), name, fields, values));
    if (this.k.fp !== null) s.keyFields();
    return structView<T>(this.k, s, fields);
  }

  newTimer(flavor: TimerFlavor, ns: number, name: string, body: Body | null, daemon?: boolean): { timer: ObjectRef; chan: ObjectRef | null } {
    const k = this.k;
    if (typeof ns !== 'number' || !Number.isFinite(ns)) throw new TypeError(`timer "${name}": duration must be a finite number of nanoseconds, got ${String(ns)}`);
    if (flavor === 'ticker' && !(ns > 0)) throw new RangeError('non-positive interval for NewTicker');
    if (flavor === 'func' && typeof body !== 'function') throw new TypeError(`afterFunc("${name}"): body must be a generator function`);
    const chan = flavor === 'func' ? null : this.keyed(new ChanObj(this.id(), name, 1));
    if (chan !== null) chan.timer = true;
    const cur = k.current;
    if (cur !== null && cur.wb !== null) commitWrites(k, cur); // arming a timer is a release (ops/struct.ts)
    const isDaemon = daemon ?? (flavor === 'ticker' || (cur !== null && cur.daemon));
    const kind = flavor === 'func' ? TimerKind.Func : flavor === 'chan' ? TimerKind.Chan : TimerKind.Ticker;
    const t = k.newTimer(kind, name, isDaemon, body as (() => Generator<unknown, unknown, unknown>) | null, null, chan, flavor === 'ticker' ? Math.floor(ns) : 0);
    k.arm(t, ns);
    return { timer: t, chan };
  }

  peek(ref: ObjectRef): unknown {
    this.k.plainRead(ref as Obj);
    if (ref instanceof SharedObj) {
      const g = this.k.current;
      if (ref.freed && g !== null) {
        useAfterFree(this.k, g, ref, 'read of .value');
        throw STOP;
      }
      return ref.value;
    }
    return (ref as AtomicObj).value;
  }

  poke(ref: ObjectRef, v: unknown): void {
    this.k.plainRead(ref as Obj, true);
    if (ref instanceof SharedObj) {
      const g = this.k.current;
      if (ref.freed && g !== null) {
        useAfterFree(this.k, g, ref, 'write of .value');
        throw STOP;
      }
      ref.value = freezeValue(v);
      return;
    }
    (ref as AtomicObj).value = freezeValue(v);
  }

  holder(ref: ObjectRef): string | null {
    this.k.plainRead(ref as Obj);
    const g = ref instanceof MutexObj ? ref.owner : activeWriter(ref as RWMutexObj);
    return g === null ? null : g.name;
  }

  readers(ref: ObjectRef): number {
    this.k.plainRead(ref as Obj);
    return (ref as RWMutexObj).readers.length;
  }

  note(text: string): void {
    const notes = this.k.notes;
    if (notes !== null) notes.push(String(text));
  }

  isFreed(ref: ObjectRef): boolean {
    this.k.plainRead(ref as Obj, false, true);
    return (ref as SharedObj).freed;
  }

  chanLen(ref: ObjectRef): number {
    this.k.plainRead(ref as Obj);
    const ch = ref as ChanObj;
    // Go ≥ 1.23: a timer's channel is synchronous, len and cap report 0
    return ch.timer && this.k.timerSemantics === 'go1.23' ? 0 : ch.len;
  }

  chanCap(ref: ObjectRef): number {
    const ch = ref as ChanObj;
    return ch.timer && this.k.timerSemantics === 'go1.23' ? 0 : ch.cap;
  }

  timerPending(ref: ObjectRef): boolean {
    this.k.plainRead(ref as Obj);
    return (ref as TimerObj).heapIndex >= 0;
  }

  now(): number {
    const k = this.k;
    k.plainRead(null);
    return k.now;
  }

  assert(cond: unknown, message: string): void {
    if (cond) return;
    const g = this.k.current;
    this.k.fail('assertion', `${g !== null ? `"${g.name}"` : 'setup'} failed: ${message}`);
    throw STOP;
  }

  invariant(name: string, check: Check): void {
    if (typeof check !== 'function') throw new TypeError(`invariant("${name}"): check must be a function`);
    this.k.invariants.push({ name, check });
  }

  atEnd(name: string, check: Check): void {
    if (typeof check !== 'function') throw new TypeError(`atEnd("${name}"): check must be a function`);
    this.k.atEnds.push({ name, check });
  }
}
