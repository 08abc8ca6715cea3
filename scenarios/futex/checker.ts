/**
 * `Checker`: how the futex manager reads and modifies user memory.
 *
 * Original: the `Checker` interface of gVisor `pkg/sentry/kernel/futex/futex.go`
 * (seeds/gvisor-futex.go.txt), implemented by the kernel's `Task`; `Op` follows the
 * task's implementation of FUTEX_WAKE_OP (`Task.Op` in gVisor's `kernel/task_futex.go`,
 * not in the seed), which decodes Linux's FUTEX_OP encoding.
 */
import type { Routine } from '../../sim';
import { EAGAIN, Key, type Errno } from './key';
import type { Memory } from './memory';

/** `Checker` abstracts memory accesses. Check and Op are scheduling points (atomic memory operations). */
export interface Checker {
  /** The task it belongs to (for messages). */
  readonly name: string;
  /** Validates that addr contains val; EAGAIN if not. */
  Check(addr: number, val: number): Routine<Errno | null>;
  /** Atomically applies the operation encoded in op to addr, then the comparison encoded in op to the old value. */
  Op(addr: number, op: number): Routine<[boolean, Errno | null]>;
  /** A KindSharedMappable (or KindSharedPrivate) Key for the memory mapped at addr. */
  GetSharedKey(addr: number): [Key, Errno | null];
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

/** A task's `Checker` over the simulated words. Shared mappings are one object, `shm`, at the same address in every process. */
export class TaskChecker implements Checker {
  constructor(
    readonly name: string,
    private readonly mem: Memory,
  ) {}

  *Check(addr: number, val: number): Routine<Errno | null> {
    const v = yield* this.mem.load(addr);
    return v === val ? null : EAGAIN;
  }

  *Op(addr: number, opIn: number): Routine<[boolean, Errno | null]> {
    let op = (opIn >>> 28) & 0xf;
    const cmp = (opIn >>> 24) & 0xf;
    let opArg = (opIn >>> 12) & 0xfff;
    const cmpArg = opIn & 0xfff;
    if ((op & FUTEX_OP_OPARG_SHIFT) !== 0) {
      opArg = 2 ** opArg;
      op &= ~FUTEX_OP_OPARG_SHIFT;
    }
    let oldVal: number;
    if (op === FUTEX_OP_SET) {
      oldVal = yield* this.mem.swap(addr, opArg);
    } else {
      // A compare-and-swap loop, as for every other operation.
      for (;;) {
        oldVal = yield* this.mem.load(addr);
        const next = apply(op, oldVal, opArg);
        if (next === null) return [false, 'EINVAL'];
        if (yield* this.mem.cas(addr, oldVal, next)) break;
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
        return [false, 'EINVAL'];
    }
  }

  GetSharedKey(addr: number): [Key, Errno | null] {
    return [new Key('KindSharedMappable', 'shm', addr), null];
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
