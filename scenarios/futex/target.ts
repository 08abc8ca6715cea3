/**
 * `Target` (how the futex manager reaches user memory and keys), `check` and `atomicOp`.
 *
 * Original: google/gvisor@1864d9d091cc pkg/sentry/kernel/futex/futex.go, lines 95–195;
 * `Target` is implemented by the kernel's `Task` (google/gvisor@3c5eee17dc45
 * pkg/sentry/kernel/task_futex.go, lines 33–51), by atomic operations on the task's memory. Each memory operation is one atomic
 * access of a simulated word, so one scheduling point.
 */
import type { Routine } from '../../sim';
import { EAGAIN, ENOSYS, type Errno, type Key } from './key';

/** `Target` abstracts memory accesses and keys. */
export interface Target {
  /** The task it belongs to (for messages). */
  readonly name: string;
  /** `SwapUint32`: stores new, returns the old value. */
  SwapUint32(addr: number, v: number): Routine<number>;
  /** `CompareAndSwapUint32`: returns the previous value; stored new if it was old. */
  CompareAndSwapUint32(addr: number, old: number, v: number): Routine<number>;
  /** `LoadUint32`. */
  LoadUint32(addr: number): Routine<number>;
  /** A KindSharedPrivate or KindSharedMappable Key for the memory mapped at addr (holding a MappingIdentity reference). */
  GetSharedKey(addr: number): [Key, Errno | null];
}

/** `check` performs a basic equality check on the given address: EAGAIN if it does not hold val. */
export function* check(t: Target, addr: number, val: number): Routine<Errno | null> {
  const cur = yield* t.LoadUint32(addr);
  if (cur !== val) return EAGAIN;
  return null;
}

// FUTEX_OP encoding (linux/futex.h): op = OP << 28 | CMP << 24 | OPARG << 12 | CMPARG.
export const FUTEX_OP_SET = 0;
export const FUTEX_OP_ADD = 1;
export const FUTEX_OP_OR = 2;
export const FUTEX_OP_ANDN = 3;
export const FUTEX_OP_XOR = 4;
/** Flag on OP: use 1 << OPARG as the operand. */
export const FUTEX_OP_OPARG_SHIFT = 8;
export const FUTEX_OP_CMP_EQ = 0;
export const FUTEX_OP_CMP_NE = 1;
export const FUTEX_OP_CMP_LT = 2;
export const FUTEX_OP_CMP_LE = 3;
export const FUTEX_OP_CMP_GT = 4;
export const FUTEX_OP_CMP_GE = 5;

/** `FUTEX_OP(op, oparg, cmp, cmparg)` as a uint32. */
export function FUTEX_OP(op: number, oparg: number, cmp: number, cmparg: number): number {
  return (((op & 0xf) << 28) | ((cmp & 0xf) << 24) | ((oparg & 0xfff) << 12) | (cmparg & 0xfff)) >>> 0;
}

/**
 * `atomicOp` applies the operation encoded in opIn to addr (a swap for SET, a
 * load/compare-and-swap loop otherwise), then the comparison encoded in opIn to the old
 * value. ENOSYS for an unknown operation or comparison.
 */
export function* atomicOp(t: Target, addr: number, opIn: number): Routine<[boolean, Errno | null]> {
  let opType = (opIn >>> 28) & 0xf;
  const cmp = (opIn >>> 24) & 0xf;
  let opArg = (opIn >>> 12) & 0xfff;
  const cmpArg = opIn & 0xfff;
  if ((opType & FUTEX_OP_OPARG_SHIFT) !== 0) {
    opArg = 2 ** opArg;
    opType &= ~FUTEX_OP_OPARG_SHIFT; // Clear flag.
  }
  let oldVal: number;
  if (opType === FUTEX_OP_SET) {
    oldVal = yield* t.SwapUint32(addr, opArg);
  } else {
    for (;;) {
      oldVal = yield* t.LoadUint32(addr);
      const newVal = apply(opType, oldVal, opArg);
      if (newVal === null) return [false, ENOSYS];
      const prev = yield* t.CompareAndSwapUint32(addr, oldVal, newVal);
      if (prev === oldVal) break; // Success.
    }
  }
  switch (cmp) {
    case FUTEX_OP_CMP_EQ:
      return [oldVal === cmpArg, null];
    case FUTEX_OP_CMP_NE:
      return [oldVal !== cmpArg, null];
    case FUTEX_OP_CMP_LT:
      return [oldVal < cmpArg, null];
    case FUTEX_OP_CMP_LE:
      return [oldVal <= cmpArg, null];
    case FUTEX_OP_CMP_GT:
      return [oldVal > cmpArg, null];
    case FUTEX_OP_CMP_GE:
      return [oldVal >= cmpArg, null];
    default:
      return [false, ENOSYS];
  }
}

/** The new value of a FUTEX_OP operation other than SET, as a uint32; null for an unknown one. */
function apply(op: number, old: number, arg: number): number | null {
  switch (op) {
    case FUTEX_OP_ADD:
      return (old + arg) >>> 0;
    case FUTEX_OP_OR:
      return (old | arg) >>> 0;
    case FUTEX_OP_ANDN:
      return (old & ~arg) >>> 0;
    case FUTEX_OP_XOR:
      return (old ^ arg) >>> 0;
    default:
      return null;
  }
}
