/**
 * Scenarios: a named setup with variants and parameters.
 */
import { ScenarioError, UsageError } from './errors';
import type { ParamValue, Params } from './schedule';
import type { Sim } from './sim';
import { didYouMean } from './suggest';

export type { ParamValue, Params };

/** The range a numeric parameter may take (both ends included). */
export interface ParamBound {
  readonly min?: number;
  readonly max?: number;
}

/**
 * Declared bounds of a scenario's numeric parameters. A parameter without one gets the
 * default bound (`defaultBound`): at least 0 when no default is negative, and at most
 * 10,000 when its default is a whole number from 1 to 100 (a count: goroutines, rounds).
 */
export type ParamBounds<P extends Record<string, ParamValue> = Record<string, ParamValue>> = {
  readonly [K in keyof P as P[K] extends number ? K : never]?: ParamBound;
};

/** The largest value a count-like parameter takes by default (see `ParamBounds`). */
export const DEFAULT_COUNT_MAX = 10_000;

/** Whether a variant is expected to hold (`pass`) or to be caught (`fail`). */
export type Expectation = 'pass' | 'fail';

/**
 * A variant: a description string (expected to hold), or a description with an
 * expectation and, optionally, its own parameter defaults (applied over the scenario's,
 * under any the user gives) — for a bug that only shows with some setting.
 */
export type VariantSpec<P extends Record<string, ParamValue> = Record<string, ParamValue>> =
  | string
  | { readonly description: string; readonly expect?: Expectation; readonly params?: Partial<P> };

/** What `defineScenario` takes. */
export interface ScenarioSpec<P extends Record<string, ParamValue>, V extends string> {
  /** Kebab-case, unique among the scenarios a program loads. */
  readonly name: string;
  readonly description: string;
  /** The variants; the first key is the default. */
  readonly variants: { readonly [K in V]: VariantSpec<NoInfer<P>> };
  /** Parameters and their defaults (numbers, strings or booleans). */
  readonly params?: P;
  /**
   * Bounds of numeric parameters, checked against every value a user gives (exit 2 on the
   * command line). Undeclared ones get the default bound (see `ParamBounds`).
   *
   * @example
   *   params: { goroutines: 2 },
   *   paramBounds: { goroutines: { min: 1, max: 64 } },
   */
  readonly paramBounds?: ParamBounds<NoInfer<P>>;
  /** Step limit for this scenario (default 100,000). */
  readonly maxSteps?: number;
  /** Timers fire only when no goroutine can run (Go synctest's rule) unless overridden. */
  readonly idleTimers?: boolean;
  /**
   * Fairness: a runnable goroutine never waits longer than this (virtual ns) while
   * timers fire, as Go's scheduler runs a runnable goroutine within about 10 ms. By
   * default there is no limit: a timer may fire between any two steps however long a
   * goroutine has waited. Set it for scenarios with tickers or other periodic timers, so
   * that systematic strategies (PCT, DFS) cannot keep firing them forever.
   */
  readonly quantum?: number;
  /**
   * Go's timer semantics: `'go1.23'` (the default: `Stop`/`Reset` leave no stale value in
   * a timer's channel and return true when they removed an unreceived one) or `'go1.22'`
   * (a channel of capacity 1 that `Stop`/`Reset` do not drain — the stale-tick bugs of
   * older Go are reproducible).
   */
  readonly timers?: 'go1.23' | 'go1.22';
  /** Builds one execution: create objects, spawn goroutines, register checks. */
  setup(sim: Sim, ctx: { readonly variant: V; readonly params: P }): void;
}

/** A variant as listed. */
export interface Variant {
  readonly name: string;
  readonly description: string;
  readonly expect: Expectation;
  /** Its own parameter defaults (over the scenario's); empty for most variants. */
  readonly params: Params;
}

/** A checked, normalized scenario, as `defineScenario` returns it. */
export interface Scenario<P extends Record<string, ParamValue> = Record<string, ParamValue>, V extends string = string> {
  readonly name: string;
  readonly description: string;
  /** In declaration order; the first is the default. */
  readonly variants: readonly Variant[];
  readonly params: Readonly<P>;
  /** Every numeric parameter's bound, declared or default (see `ParamBounds`). */
  readonly paramBounds: Readonly<Record<string, ParamBound>>;
  readonly maxSteps: number | undefined;
  readonly idleTimers: boolean;
  /** Fairness quantum in virtual ns (Infinity: none). */
  readonly quantum: number;
  /** Go's timer semantics (see `ScenarioSpec.timers`). */
  readonly timers: 'go1.23' | 'go1.22';
  /** Builds one execution (a method, so a specific scenario is assignable to `Scenario`). */
  setup(sim: Sim, ctx: { readonly variant: V; readonly params: P }): void;
  /** Marks objects made by `defineScenario` (so loaders can recognise them). */
  readonly __interleaveScenario: true;
}

const KEBAB = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const VARIANT = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;

/**
 * Defines a scenario. Checks its shape and throws a `ScenarioError` with one clear line
 * if something is wrong.
 *
 * @example
 *   export default defineScenario({
 *     name: 'lost-update',
 *     description: 'two increments race without a lock',
 *     variants: { fixed: 'increments under m', bad: { description: 'no lock', expect: 'fail' } },
 *     setup(sim, { variant }) { … },
 *   });
 */
export function defineScenario<P extends Record<string, ParamValue> = Record<string, never>, V extends string = string>(
  spec: ScenarioSpec<P, V>,
): Scenario<P, V> {
  if (typeof spec !== 'object' || spec === null) throw new ScenarioError('defineScenario(spec): spec must be an object');
  const name = spec.name;
  if (typeof name !== 'string' || !KEBAB.test(name)) {
    throw new ScenarioError(`scenario name ${JSON.stringify(name)} must be kebab-case (like "lost-update")`);
  }
  if (typeof spec.description !== 'string') throw new ScenarioError(`scenario "${name}": description must be a string`);
  if (typeof spec.setup !== 'function') throw new ScenarioError(`scenario "${name}": setup must be a function`);
  const vs = spec.variants as Record<string, VariantSpec> | undefined;
  const params = spec.params ?? ({} as P);
  if (typeof params !== 'object' || params === null || Array.isArray(params)) throw new ScenarioError(`scenario "${name}": params must be an object`);
  for (const [k, v] of Object.entries(params)) {
    if (typeof v !== 'number' && typeof v !== 'string' && typeof v !== 'boolean') {
      throw new ScenarioError(`scenario "${name}": parameter "${k}" must default to a number, string or boolean`);
    }
  }
  if (typeof vs !== 'object' || vs === null || Object.keys(vs).length === 0) {
    throw new ScenarioError(`scenario "${name}": variants must name at least one variant`);
  }
  const variants: Variant[] = Object.keys(vs).map((v) => {
    if (!VARIANT.test(v)) throw new ScenarioError(`scenario "${name}": variant name "${v}" must be letters, digits, "-" or "_"`);
    const s = vs[v];
    if (typeof s === 'string') return Object.freeze({ name: v, description: s, expect: 'pass' as const, params: Object.freeze({}) });
    if (typeof s !== 'object' || s === null || typeof s.description !== 'string') {
      throw new ScenarioError(`scenario "${name}": variant "${v}" must be a description or { description, expect, params }`);
    }
    const expect = s.expect ?? 'pass';
    if (expect !== 'pass' && expect !== 'fail') throw new ScenarioError(`scenario "${name}": variant "${v}" expect must be "pass" or "fail"`);
    const own: Record<string, ParamValue> = {};
    for (const [k, x] of Object.entries(s.params ?? {})) {
      const def = (params as Record<string, ParamValue>)[k];
      if (def === undefined || !Object.prototype.hasOwnProperty.call(params, k)) throw new ScenarioError(`scenario "${name}": variant "${v}" sets unknown parameter "${k}"`);
      if (typeof x !== typeof def) throw new ScenarioError(`scenario "${name}": variant "${v}" sets parameter "${k}" to a ${typeof x}, not a ${typeof def}`);
      own[k] = x as ParamValue;
    }
    return Object.freeze({ name: v, description: s.description, expect, params: Object.freeze(own) });
  });
  if (spec.maxSteps !== undefined && !(Number.isSafeInteger(spec.maxSteps) && spec.maxSteps > 0)) {
    throw new ScenarioError(`scenario "${name}": maxSteps must be a positive integer`);
  }
  if (spec.quantum !== undefined && !(spec.quantum === Infinity || (Number.isSafeInteger(spec.quantum) && spec.quantum > 0))) {
    throw new ScenarioError(`scenario "${name}": quantum must be a positive integer number of nanoseconds`);
  }
  if (spec.timers !== undefined && spec.timers !== 'go1.23' && spec.timers !== 'go1.22') {
    throw new ScenarioError(`scenario "${name}": timers must be "go1.23" or "go1.22"`);
  }
  const paramBounds = boundsOf(name, params as Record<string, ParamValue>, variants, (spec.paramBounds ?? {}) as Record<string, unknown>);
  return Object.freeze({
    name,
    description: spec.description,
    variants: Object.freeze(variants),
    params: Object.freeze({ ...params }),
    paramBounds,
    maxSteps: spec.maxSteps,
    idleTimers: spec.idleTimers === true,
    quantum: spec.quantum ?? Infinity,
    timers: spec.timers ?? 'go1.23',
    setup: spec.setup,
    __interleaveScenario: true as const,
  });
}

/** Checks the declared bounds and completes them with the default ones. */
function boundsOf(name: string, params: Record<string, ParamValue>, variants: readonly Variant[], declared: Record<string, unknown>): Readonly<Record<string, ParamBound>> {
  if (typeof declared !== 'object' || declared === null) throw new ScenarioError(`scenario "${name}": paramBounds must be an object`);
  const out: Record<string, ParamBound> = {};
  for (const k of Object.keys(declared)) {
    if (typeof params[k] !== 'number' || !Object.prototype.hasOwnProperty.call(params, k)) {
      throw new ScenarioError(`scenario "${name}": paramBounds names "${k}", which is not a numeric parameter`);
    }
  }
  for (const [k, def] of Object.entries(params)) {
    if (typeof def !== 'number') continue;
    const b = Object.prototype.hasOwnProperty.call(declared, k) ? (declared[k] as ParamBound | null) : undefined;
    if (b === undefined) {
      out[k] = Object.freeze(defaultBound(def, variants.map((v) => v.params[k]).filter((x): x is number => typeof x === 'number')));
      continue;
    }
    const bad = (why: string): never => {
      throw new ScenarioError(`scenario "${name}": paramBounds.${k} ${why}`);
    };
    if (typeof b !== 'object' || b === null) return bad('must be { min?, max? }');
    const min = b.min ?? -Infinity;
    const max = b.max ?? Infinity;
    if (typeof min !== 'number' || Number.isNaN(min) || typeof max !== 'number' || Number.isNaN(max)) return bad('min and max must be numbers');
    if (min > max) return bad(`has min ${min} above max ${max}`);
    for (const [who, x] of [['the default', def] as const, ...variants.filter((v) => typeof v.params[k] === 'number').map((v) => [`variant "${v.name}"`, v.params[k] as number] as const)]) {
      if (x < min || x > max) bad(`is [${min}, ${max}], but ${who} is ${x}`);
    }
    out[k] = Object.freeze({ ...(b.min !== undefined ? { min } : {}), ...(b.max !== undefined ? { max } : {}) });
  }
  return Object.freeze(out);
}

/**
 * The bound of a numeric parameter that declares none, from its default (and the
 * variants' own defaults): at least 0 unless one of them is negative; at most
 * `DEFAULT_COUNT_MAX` when the default is a whole number from 1 to 100 (a count).
 */
export function defaultBound(def: number, variantDefaults: readonly number[] = []): ParamBound {
  const all = [def, ...variantDefaults];
  const b: { min?: number; max?: number } = {};
  if (all.every((x) => x >= 0)) b.min = 0;
  if (Number.isInteger(def) && def >= 1 && def <= 100 && all.every((x) => x <= DEFAULT_COUNT_MAX)) b.max = DEFAULT_COUNT_MAX;
  return b;
}

/** True for a value made by `defineScenario`. */
export function isScenario(x: unknown): x is Scenario {
  return typeof x === 'object' && x !== null && (x as { __interleaveScenario?: unknown }).__interleaveScenario === true;
}

/** The named variant (or the default); a `UsageError` naming the known ones otherwise. */
export function resolveVariant(s: Scenario, variant: string | undefined): Variant {
  if (variant === undefined) return s.variants[0]!;
  const v = s.variants.find((x) => x.name === variant);
  if (v === undefined) {
    const names = s.variants.map((x) => x.name);
    throw new UsageError(`unknown variant "${variant}" of scenario "${s.name}" (variants: ${names.join(', ')}).${didYouMean(variant, names)}`.replace(/\.$/, ''));
  }
  return v;
}

/**
 * The scenario's parameters with the variant's own defaults and then `overrides`
 * applied. Overrides may be typed values or strings (from the command line), converted
 * to the default's type.
 */
export function resolveParams(s: Scenario, overrides: Readonly<Record<string, unknown>> | undefined, variant?: Variant): Params {
  const out: Record<string, ParamValue> = { ...s.params, ...(variant?.params ?? {}) };
  if (overrides === undefined) return Object.freeze(out);
  for (const key of Object.keys(overrides)) {
    if (!Object.prototype.hasOwnProperty.call(s.params, key)) {
      const known = Object.keys(s.params);
      throw new UsageError(`unknown parameter "${key}" of scenario "${s.name}" (${known.length > 0 ? `parameters: ${known.join(', ')}` : 'it has no parameters'}).${didYouMean(key, known)}`.replace(/\.$/, ''));
    }
    out[key] = convertParam(s, key, s.params[key]!, overrides[key]);
  }
  return Object.freeze(out);
}

function convertParam(s: Scenario, key: string, def: ParamValue, v: unknown): ParamValue {
  const bad = (want: string): never => {
    throw new UsageError(`parameter "${key}" of scenario "${s.name}" must be ${want}, got ${JSON.stringify(v) ?? String(v)}`);
  };
  if (typeof def === 'number') {
    const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
    if (typeof n !== 'number' || !Number.isFinite(n)) return bad('a finite number');
    if (Number.isInteger(def) && !Number.isInteger(n)) return bad('an integer');
    const b = s.paramBounds?.[key] ?? {};
    if (b.min !== undefined && n < b.min) return bad(`at least ${b.min} (its bound; a scenario sets bounds with paramBounds)`);
    if (b.max !== undefined && n > b.max) return bad(`at most ${b.max} (its bound; a scenario sets bounds with paramBounds)`);
    return n;
  }
  if (typeof def === 'boolean') {
    if (typeof v === 'boolean') return v;
    if (v === 'true') return true;
    if (v === 'false') return false;
    return bad('true or false');
  }
  if (typeof v === 'string') return v;
  return bad('a string');
}
