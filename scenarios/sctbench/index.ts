/**
 * The SCTBench ports: every program of the public SCTBench's CS and CB suites that the
 * primitives express, one scenario per program (and per published size of a family), in
 * the order of SCTBench's `benchmarks/buggy.txt`. See README.md for the modelling rules
 * and the programs left out.
 */
import type { Scenario } from '../../sim';
import account from './account';
import bluetoothDriver from './bluetooth-driver';
import carter01 from './carter01';
import circularBuffer from './circular-buffer';
import deadlock01 from './deadlock01';
import lazy01 from './lazy01';
import queue from './queue';
import { reorder10, reorder20, reorder3, reorder4, reorder5 } from './reorder';
import stack from './stack';
import tokenRing from './token-ring';
import { twostage1, twostage100 } from './twostage';
import { CS_DIR } from './upstream';
import { wronglock1, wronglock3 } from './wronglock';

/** One ported program. */
export interface SctbenchProgram {
  readonly scenario: Scenario;
  /** SCTBench's name, as the published tables write it: `CS/reorder_10`, `CB/stringbuffer-jdk1.4`. */
  readonly program: string;
  /** The original's path in mc-imperial/sctbench (at `SCTBENCH_COMMIT`, see upstream.ts). */
  readonly file: string;
}

function cs(program: string, scenario: Scenario): SctbenchProgram {
  return { scenario, program: `CS/${program}`, file: `${CS_DIR}/${program}_bad.c` };
}

/** Every port, in the order of SCTBench's `benchmarks/buggy.txt`. */
export const sctbenchPrograms: readonly SctbenchProgram[] = [
  cs('account', account),
  cs('bluetooth_driver', bluetoothDriver),
  cs('carter01', carter01),
  cs('circular_buffer', circularBuffer),
  cs('deadlock01', deadlock01),
  cs('lazy01', lazy01),
  cs('queue', queue),
  cs('reorder_10', reorder10),
  cs('reorder_20', reorder20),
  cs('reorder_3', reorder3),
  cs('reorder_4', reorder4),
  cs('reorder_5', reorder5),
  cs('stack', stack),
  cs('token_ring', tokenRing),
  cs('twostage_100', twostage100),
  cs('twostage', twostage1),
  cs('wronglock_3', wronglock3),
  cs('wronglock', wronglock1),
];

/** The scenarios of `sctbenchPrograms`, in the same order. */
export const sctbenchScenarios: readonly Scenario[] = sctbenchPrograms.map((p) => p.scenario);
