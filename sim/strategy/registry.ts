/**
 * Strategies by name. Exploration strategies are built from a name and a seed; each
 * execution `i` of seed `s` makes the same choices in every process, worker and shard.
 */
import { UsageError } from '../errors';
import { DfsStrategy } from './dfs';
import { PctStrategy } from './pct';
import { PortfolioStrategy } from './portfolio';
import { PosStrategy } from './pos';
import { RandomStrategy } from './random';
import { RffStrategy } from './rff';
import type { Strategy } from './strategy';
import { SurwStrategy } from './surw';

/** Options a strategy may read (each ignores what it does not use). */
export interface StrategyOptions {
  readonly seed: number | string;
  /** PCT: bug depth (priority change points + 1). */
  readonly depth?: number;
  /** Exhaustive search: bound on preemptions. */
  readonly preemptionBound?: number;
  /** Exhaustive search: dynamic partial-order reduction on (default) or off. */
  readonly dpor?: boolean;
  /** Exhaustive search: bound on delays (non-default choices). */
  readonly delayBound?: number;
}

export type StrategyFactory = (opts: StrategyOptions) => Strategy;

const factories = new Map<string, StrategyFactory>([
  ['random', (o) => new RandomStrategy(o.seed)],
  ['dfs', (o) => new DfsStrategy(dfsOptions(o))],
  ['pct', (o) => new PctStrategy(o.seed, o.depth)],
  ['pos', (o) => new PosStrategy(o.seed)],
  ['surw', (o) => new SurwStrategy(o.seed)],
  ['rff', (o) => new RffStrategy(o.seed)],
  ['portfolio', (o) => new PortfolioStrategy(o.seed)],
]);

function dfsOptions(o: StrategyOptions): { dpor?: boolean; preemptionBound?: number; delayBound?: number } {
  return {
    ...(o.dpor !== undefined ? { dpor: o.dpor } : {}),
    ...(o.preemptionBound !== undefined ? { preemptionBound: o.preemptionBound } : {}),
    ...(o.delayBound !== undefined ? { delayBound: o.delayBound } : {}),
  };
}

/** Makes a registered strategy let `explore` and the CLI build it by name. */
export function registerStrategy(name: string, factory: StrategyFactory): void {
  factories.set(name, factory);
}

/** The names `explore` accepts. */
export function strategyNames(): string[] {
  return [...factories.keys()];
}

export function makeStrategy(name: string, opts: StrategyOptions): Strategy {
  const f = factories.get(name);
  if (f === undefined) throw new UsageError(`unknown strategy "${name}" (strategies: ${strategyNames().join(', ')})`);
  return f(opts);
}
