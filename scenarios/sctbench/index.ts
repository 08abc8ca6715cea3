/**
 * The SCTBench ports: every program of the public SCTBench's CS and CB suites that the
 * primitives express, one scenario per program (and per published size of a family), in
 * the order of SCTBench's `benchmarks/buggy.txt`. See README.md for the modelling rules
 * and the programs left out.
 */
import type { Scenario } from '../../sim';
import account from './account';
import arithmeticProg from './arithmetic-prog';
import bluetoothDriver from './bluetooth-driver';
import carter01 from './carter01';
import circularBuffer from './circular-buffer';
import deadlock01 from './deadlock01';
import { dinPhil2, dinPhil3, dinPhil4, dinPhil5, dinPhil6, dinPhil7 } from './din-phil';
import fsbench from './fsbench';
import lazy01 from './lazy01';
import phase01 from './phase01';
import queue from './queue';
import { reorder10, reorder20, reorder3, reorder4, reorder5 } from './reorder';
import stack from './stack';
import stringbuffer from './stringbuffer';
import sync01 from './sync01';
import sync02 from './sync02';
import tokenRing from './token-ring';
import { twostage1, twostage100 } from './twostage';
import { CB_DIR, CS_DIR } from './upstream';
import { wronglock1, wronglock3 } from './wronglock';

/** One ported program. */
export interface SctbenchProgram {
  readonly scenario: Scenario;
  /** SCTBench's name, as the published tables write it: `CS/reorder_10`, `CB/stringbuffer-jdk1.4`. */
  readonly program: string;
  /** The original's path in mc-imperial/sctbench (at `SCTBENCH_COMMIT`, see upstream.ts). */
  readonly file: string;
  /** The port's file in this folder. */
  readonly port: string;
}

function cs(program: string, scenario: Scenario, port: string, file = `${program}_bad.c`): SctbenchProgram {
  return { scenario, program: `CS/${program}`, file: `${CS_DIR}/${file}`, port };
}

/** Every port, in the order of SCTBench's `benchmarks/buggy.txt`. */
export const sctbenchPrograms: readonly SctbenchProgram[] = [
  { scenario: stringbuffer, program: 'CB/stringbuffer-jdk1.4', file: `${CB_DIR}/stringbuffer-jdk1.4/stringbuffer.cpp`, port: 'stringbuffer.ts' },
  cs('account', account, 'account.ts'),
  cs('arithmetic_prog', arithmeticProg, 'arithmetic-prog.ts'),
  cs('bluetooth_driver', bluetoothDriver, 'bluetooth-driver.ts'),
  cs('carter01', carter01, 'carter01.ts'),
  cs('circular_buffer', circularBuffer, 'circular-buffer.ts'),
  cs('deadlock01', deadlock01, 'deadlock01.ts'),
  cs('din_phil2', dinPhil2, 'din-phil.ts', 'din_phil2_sat.c'),
  cs('din_phil3', dinPhil3, 'din-phil.ts', 'din_phil3_sat.c'),
  cs('din_phil4', dinPhil4, 'din-phil.ts', 'din_phil4_sat.c'),
  cs('din_phil5', dinPhil5, 'din-phil.ts', 'din_phil5_sat.c'),
  cs('din_phil6', dinPhil6, 'din-phil.ts', 'din_phil6_sat.c'),
  cs('din_phil7', dinPhil7, 'din-phil.ts', 'din_phil7_sat.c'),
  cs('fsbench', fsbench, 'fsbench.ts'),
  cs('lazy01', lazy01, 'lazy01.ts'),
  cs('phase01', phase01, 'phase01.ts'),
  cs('queue', queue, 'queue.ts'),
  cs('reorder_10', reorder10, 'reorder.ts'),
  cs('reorder_20', reorder20, 'reorder.ts'),
  cs('reorder_3', reorder3, 'reorder.ts'),
  cs('reorder_4', reorder4, 'reorder.ts'),
  cs('reorder_5', reorder5, 'reorder.ts'),
  cs('stack', stack, 'stack.ts'),
  cs('sync01', sync01, 'sync01.ts'),
  cs('sync02', sync02, 'sync02.ts'),
  cs('token_ring', tokenRing, 'token-ring.ts'),
  cs('twostage_100', twostage100, 'twostage.ts'),
  cs('twostage', twostage1, 'twostage.ts'),
  cs('wronglock_3', wronglock3, 'wronglock.ts'),
  cs('wronglock', wronglock1, 'wronglock.ts'),
];

/** The scenarios of `sctbenchPrograms`, in the same order. */
export const sctbenchScenarios: readonly Scenario[] = sctbenchPrograms.map((p) => p.scenario);
