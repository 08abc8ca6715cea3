/**
 * The built-in scenarios, in the order `interleave list` shows them.
 */
import type { Scenario } from '../sim';
import tcpipJob from './tcpip-job';
import { futexScenarios } from './futex';
import taskStop from './task-stop';
import callout from './callout';
import timekeeper from './timekeeper/timekeeper';
import boundedBuffer from './demos/bounded-buffer';
import diningPhilosophers from './demos/dining-philosophers';
import lostUpdate from './demos/lost-update';
import { bugSuite } from './bugs';
import { sctbenchScenarios } from './sctbench';

/** Where a built-in scenario belongs. */
export type ScenarioGroup =
  /** A model of a real kernel design (gVisor, FreeBSD). */
  | 'kernel'
  /** A small classic program for the README and docs. */
  | 'demo'
  /** A small classic bug, for measuring the strategies. */
  | 'bug-suite'
  /** A port of a program of the public SCTBench (CS and CB suites), measured against published figures. */
  | 'sctbench';

export interface RegistryEntry {
  readonly scenario: Scenario;
  readonly group: ScenarioGroup;
}

const entries: readonly RegistryEntry[] = [
  { scenario: tcpipJob, group: 'kernel' },
  ...futexScenarios.map((scenario) => ({ scenario, group: 'kernel' as const })),
  { scenario: taskStop, group: 'kernel' },
  { scenario: callout, group: 'kernel' },
  { scenario: timekeeper, group: 'kernel' },
  { scenario: lostUpdate, group: 'demo' },
  { scenario: boundedBuffer, group: 'demo' },
  { scenario: diningPhilosophers, group: 'demo' },
  ...bugSuite.map((scenario) => ({ scenario, group: 'bug-suite' as const })),
  ...sctbenchScenarios.map((scenario) => ({ scenario, group: 'sctbench' as const })),
];

/** Every built-in scenario with its group. */
export function registry(): readonly RegistryEntry[] {
  return entries;
}

/** Every built-in scenario. */
export function builtinScenarios(): readonly Scenario[] {
  return entries.map((e) => e.scenario);
}

/** The built-in scenario called `name`, or undefined. */
export function findScenario(name: string): Scenario | undefined {
  return entries.find((e) => e.scenario.name === name)?.scenario;
}
