/**
 * Branded ids. Each is a small integer from a per-execution counter (never a global),
 * so the same schedule gives the same ids on every run.
 */
declare const brand: unique symbol;

/** A goroutine's id: 0, 1, 2… in spawn order within one execution. */
export type GoroutineId = number & { readonly [brand]: 'GoroutineId' };
/** A simulated object's id: 0, 1, 2… in creation order within one execution. */
export type ObjectId = number & { readonly [brand]: 'ObjectId' };
/** A timer's id: 0, 1, 2… in creation order within one execution. */
export type TimerId = number & { readonly [brand]: 'TimerId' };
