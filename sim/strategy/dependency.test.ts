import { Effect, OpKind } from '../effect';
import type { ObjectRef } from '../effect';
import { conflicts, fireConflicts } from './dependency';

const ref = (id: number, kind: ObjectRef['kind'] = 'shared'): ObjectRef => ({ id: id as ObjectRef['id'], kind, name: `o${id}`, key: `o${id}` });
const x = ref(1);
const y = ref(2);
const e = (kind: OpKind, obj: ObjectRef | null, a?: unknown, b?: unknown) => new Effect(kind, obj, a, b);

describe('conflicts', () => {
  it('should make writes on the same object conflict, and reads commute', () => {
    expect(conflicts(e(OpKind.Store, x, 1), e(OpKind.Load, x))).toBe(true);
    expect(conflicts(e(OpKind.Store, x, 1), e(OpKind.Store, x, 2))).toBe(true);
    expect(conflicts(e(OpKind.Load, x), e(OpKind.Load, x))).toBe(false);
    expect(conflicts(e(OpKind.Free, x), e(OpKind.Load, x))).toBe(true);
  });

  it('should make effects on different objects, or on none, independent', () => {
    expect(conflicts(e(OpKind.Store, x, 1), e(OpKind.Store, y, 2))).toBe(false);
    expect(conflicts(e(OpKind.Yield, null), e(OpKind.Yield, null))).toBe(false);
    expect(conflicts(e(OpKind.Sleep, null, 5), e(OpKind.Store, x, 1))).toBe(false);
  });

  it('should treat every lock operation on one mutex as conflicting', () => {
    const m = ref(3, 'mutex');
    expect(conflicts(e(OpKind.Lock, m), e(OpKind.Lock, m))).toBe(true);
    expect(conflicts(e(OpKind.Lock, m), e(OpKind.Unlock, m))).toBe(true);
    const rw = ref(4, 'rwmutex');
    expect(conflicts(e(OpKind.RLock, rw), e(OpKind.RLock, rw))).toBe(false);
    expect(conflicts(e(OpKind.RLock, rw), e(OpKind.WLock, rw))).toBe(true);
  });

  it('should let a select conflict through any of its cases', () => {
    const c1 = ref(5, 'chan');
    const c2 = ref(6, 'chan');
    const sel = e(OpKind.Select, null, [e(OpKind.Recv, c1), e(OpKind.Send, c2, 1)], false);
    expect(conflicts(sel, e(OpKind.Send, c1, 0))).toBe(true);
    expect(conflicts(e(OpKind.Close, c2), sel)).toBe(true);
    expect(conflicts(sel, e(OpKind.Send, ref(7, 'chan'), 0))).toBe(false);
  });

  it('should make a timer firing conflict with stop and reset of that timer only', () => {
    const t = ref(8, 'timer');
    expect(fireConflicts(t, e(OpKind.TimerStop, t))).toBe(true);
    expect(fireConflicts(t, e(OpKind.TimerReset, t, 5))).toBe(true);
    expect(fireConflicts(t, e(OpKind.TimerStop, ref(9, 'timer')))).toBe(false);
  });
});
