/**
 * Spawning goroutines: their ids, interleaving-independent keys and unique names.
 */
import { G } from './goroutine';
import type { Execution } from './execution';
import { vcFor } from './vclock';
import { setRunnable } from './waiters';

/**
 * Spawns a goroutine (from setup, a goroutine, or a timer firing — `timerKey`); its
 * first step runs its body up to the first effect.
 */
export function spawn(k: Execution, name: string, body: unknown, daemon: boolean, parentVC: number[] | null, timerKey?: string): G {
  if (typeof body !== 'function') throw new TypeError(`go("${name}", body): body must be a generator function, got ${typeof body}`);
  const generatorFunction = Object.getPrototypeOf(body) === GENERATOR_FUNCTION;
  if (generatorFunction) shareGeneratorPrototype(body);
  const gen = (body as () => unknown)() as Generator<unknown, unknown, unknown>;
  const next = generatorFunction && Object.getPrototypeOf(gen) === GENERATOR_PROTOTYPE ? GENERATOR_PROTOTYPE.next : nextOf(gen, name);
  const p = k.current;
  const key = timerKey ?? (p === null ? String(k.setupChildren++) : `${p.key}.${p.children++}`);
  const base = String(name);
  const g = new G(k.gs.length as G['id'], uniqueName(k, base), daemon, gen, next, k.step, key);
  g.baseName = base;
  k.gs.push(g);
  g.pendingSince = k.step;
  if (!daemon) k.live++;
  if (k.raceOn) {
    g.vc = vcFor(g.id, parentVC);
    if (p !== null && p.vc !== null && parentVC === p.vc) p.vc[p.id]!++;
  }
  setRunnable(k, g, true);
  if (k.notes !== null) k.notes.push(`spawned "${g.name}"`);
  return g;
}

/** %GeneratorFunction.prototype%: the prototype of every `function*`. */
const GENERATOR_FUNCTION: unknown = Object.getPrototypeOf(function* () {});
/** %GeneratorPrototype%: where `next`, `return` and `throw` of every generator live. */
const GENERATOR_PROTOTYPE: Generator<unknown, unknown, unknown> = (GENERATOR_FUNCTION as { prototype: Generator<unknown, unknown, unknown> }).prototype;

/**
 * The `next` of a body's generator that is not one of a generator function with the
 * shared prototype (a frozen body, a method, a function returning a generator), checked.
 *
 * `spawn` does not read `gen.next` for the others: every closure's generators have a map
 * of their own (see `shareGeneratorPrototype`), so each such read missed its inline cache
 * and went to the runtime (twice per spawn: 6 % of the instructions of the peer
 * multi-step race). Their `next` is %GeneratorPrototype%'s: a generator function's
 * generator has no own properties.
 */
function nextOf(gen: Generator<unknown, unknown, unknown>, name: string): G['next'] {
  if (gen === null || typeof gen !== 'object' || typeof gen.next !== 'function') {
    throw new TypeError(`go("${name}", body): body must be a generator function (function* () { … })`);
  }
  return gen.next;
}

/**
 * Gives a goroutine body's generators %GeneratorPrototype% itself as their prototype,
 * instead of an object of the body's own. A body written inline in `setup` is a new
 * closure every execution, and V8 makes each closure's first generator a fresh prototype
 * object and map: that, not the scheduling, was two thirds of the cost of a small
 * execution (the bench's tiny scenario ran 3.4 times faster with its bodies hoisted).
 * Only `gen instanceof body` can tell the difference. A frozen body keeps its own.
 *
 * Done once per body: assigning `prototype` to a function V8 has already made
 * generators of copies its initial map every time, so a hoisted body (the same function
 * spawned in every execution) paid a new map per spawn and ran its executions at a
 * quarter of the speed. The last `SHARED.length` bodies are remembered; reading
 * `body.prototype` to tell instead would allocate a fresh closure's lazy prototype.
 */
function shareGeneratorPrototype(body: Function): void {
  const shared = SHARED;
  for (let i = 0; i < shared.length; i++) if (shared[i] === body) return;
  shared[sharedNext] = body;
  sharedNext = (sharedNext + 1) % shared.length;
  if (Object.isFrozen(body)) return;
  (body as { prototype: unknown }).prototype = GENERATOR_PROTOTYPE;
}

/**
 * The bodies `shareGeneratorPrototype` saw last, most of them done with (a ring: a few
 * closures kept alive, at most). A hoisted body among more than this many others that
 * alternate is given the prototype again: slower, never wrong.
 */
const SHARED: (Function | null)[] = [null, null, null, null, null, null, null, null];
/** The slot of `SHARED` the next new body takes. Invariant: 0 ≤ sharedNext < SHARED.length. */
let sharedNext = 0;

/** `name`, or `name#n` when n−1 goroutines of the execution already have it. */
function uniqueName(k: Execution, name: string): string {
  if (k.names === null) {
    // few goroutines: look for the name among them (no map to allocate)
    const gs = k.gs;
    if (gs.length < 16) {
      let taken = false;
      for (let i = 0; i < gs.length; i++) {
        if (gs[i]!.baseName === name) {
          taken = true;
          break;
        }
      }
      if (!taken) return name;
    }
    k.names = new Map();
    for (const g of gs) k.names.set(g.baseName, (k.names.get(g.baseName) ?? 0) + 1);
  }
  const n = k.names.get(name);
  if (n === undefined) {
    k.names.set(name, 1);
    return name;
  }
  k.names.set(name, n + 1);
  return `${name}#${n + 1}`;
}
