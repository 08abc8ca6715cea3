/**
 * The published executions-to-first-bug figures of other tools on the SCTBench programs
 * we port (`scenarios/sctbench/`), per trial, as their artifacts record them. The
 * benchmark (`bench/sctbench-bench.ts`) puts them beside ours; `scenarios/sctbench/README.md`
 * explains each column. Nothing here is estimated: every number is copied from a file
 * named in `PUBLISHED_SOURCES`, and what we could not find is listed in `NOT_PUBLISHED`.
 *
 * - `surw`: Zhao, Wolff, Mathur, Roychoudhury, "Selectively Uniform Concurrency Testing"
 *   (ASPLOS 2025). Its artifact keeps one JSON per program, tool and trial
 *   (`stats/period/<suite>/<program>/<config>-<trial>.json`: `iterations`, `found`) and the
 *   paper's SCTBench/ConVul table as `stats/period/out.tex`, made from those files by
 *   `scripts/analyze/eval_period.py`. That script counts `iterations + 1` schedules for
 *   every configuration but `pos` and `rw` (its own convention); the trials below do the
 *   same, so their mean is the table's. Tools: SURW (`rp-urw`), PCT-3 (`pct3`), PCT-10
 *   (`pct10`), POS (`pos`), RW (`rw`: a random walk, one uniform choice of thread per
 *   scheduling point). 20 trials, at most 10,000 schedules and 5 minutes each
 *   (`configs/*.json`).
 * - `rff`: Wolff, Shi, Duck, Mathur, Roychoudhury, "Greybox Fuzzing for Concurrency
 *   Testing" (ASPLOS 2024). Its artifact's `scripts/data-analysis/full-data.csv` has one
 *   row per tool, program and trial (`scheds_to_bug`, `buggy_scheds`); its `analyze.py`
 *   makes the paper's table from it (mean and standard deviation of `scheds_to_bug` over
 *   the trials that found the bug, `*` when some did not). Tools: RFF
 *   (`power-coe-always-rand-schedfuzz`, "our approach" in its README), PCT-3
 *   (`pct-no-rff-always-rand-schedfuzz`), POS (`pos-only-schedfuzz`). 20 trials of 5
 *   minutes each; no schedule limit (a trial may pass 10,000 schedules).
 */

/** A tool whose published figures we compare with. */
export type PublishedTool = 'RW' | 'PCT-3' | 'PCT-10' | 'POS' | 'SURW' | 'RFF';

/** Where a figure comes from (see `PUBLISHED_SOURCES`). */
export type SourceId = 'surw' | 'rff';

/** A source of published figures. */
export interface PublishedSource {
  readonly id: SourceId;
  readonly paper: string;
  /** The artifact: repository, commit, and the files the figures are copied from. */
  readonly artifact: string;
  readonly files: readonly string[];
  /** Trials per program and tool. */
  readonly trials: number;
  /** The budget of one trial. */
  readonly budget: string;
}

export const PUBLISHED_SOURCES: Readonly<Record<SourceId, PublishedSource>> = {
  surw: {
    id: 'surw',
    paper: 'Zhao, Wolff, Mathur, Roychoudhury. Selectively Uniform Concurrency Testing. ASPLOS 2025',
    artifact: 'zhaohuanqdcn/SURW@2a4c5de1570bde225ca37021cacf405f0ba4db2c',
    files: ['stats/period/<suite>/<program>/<config>-<trial>.json', 'stats/period/out.tex', 'scripts/analyze/eval_period.py', 'configs/{rp-urw,pct3,pct10,pos,rw}.json'],
    trials: 20,
    budget: '10,000 schedules and 5 minutes',
  },
  rff: {
    id: 'rff',
    paper: 'Wolff, Shi, Duck, Mathur, Roychoudhury. Greybox Fuzzing for Concurrency Testing. ASPLOS 2024',
    artifact: 'dylanjwolff/RFF@b717e06022d891725f566555ebfbfab7c8a44761',
    files: ['scripts/data-analysis/full-data.csv', 'scripts/data-analysis/analyze.py'],
    trials: 20,
    budget: '5 minutes, no schedule limit',
  },
};

/** One tool's published trials on one program. */
export interface PublishedCell {
  readonly tool: PublishedTool;
  readonly source: SourceId;
  /** Schedules to the first bug in trials 0–19; null where the trial did not find it. */
  readonly trials: readonly (number | null)[];
  /**
   * The cell as the paper's table prints it (`mean ± sd`, `*` when some trial missed, `-`
   * when at most one trial found it), or null when the program is not in the table
   * (SURW's table leaves out carter01, circular_buffer and queue, though its artifact has
   * their trials; RFF's table is not in its artifact, only the data it is made from).
   */
  readonly printed: string | null;
}

/** A cell of the SURW artifact: its trials and the cell the paper's table prints (null when the table leaves the program out). */
function surw(tool: PublishedTool, trials: readonly (number | null)[], printed: string | null): PublishedCell {
  return { tool, source: 'surw', trials, printed };
}

/** A cell of the RFF artifact: its trials (its table is not in the artifact). */
function rff(tool: PublishedTool, trials: readonly (number | null)[]): PublishedCell {
  return { tool, source: 'rff', trials, printed: null };
}

/**
 * Every published cell for each ported program, keyed by SCTBench's name. For each tool
 * the first cell is the one the benchmark table shows: the SURW paper's for RW, PCT-3,
 * PCT-10, POS and SURW, the RFF paper's for RFF; the RFF paper's PCT-3 and POS follow.
 */
export const PUBLISHED: Readonly<Record<string, readonly PublishedCell[]>> = {
  'CB/stringbuffer-jdk1.4': [
    surw('SURW', [15, 3, 22, 24, 14, 10, 4, 19, 6, 4, 4, 6, 4, 3, 3, 4, 14, 2, 7, 2], '8 ± 7'),
    surw('PCT-3', [680, 126, 194, 231, 528, 86, 587, 134, 342, 143, 124, 123, 182, 62, 45, 564, 140, 1031, 194, 98], '281 ± 261'),
    surw('PCT-10', [3, 14, 25, 11, 37, 2, 29, 4, 4, 29, 13, 2, 11, 51, 24, 81, 25, 32, 89, 28], '26 ± 24'),
    surw('POS', [27, 15, 3, 45, 44, 49, 9, 13, 11, 8, 31, 17, 13, 19, 68, 6, 31, 4, 7, 47], '23 ± 19'),
    surw('RW', [1164, 2452, 3362, 970, 1033, null, 6839, 283, 39, 8669, 2016, 3719, 1670, 150, 720, 1193, 4481, 230, 2424, 1196], '2243 ± 2324*'),
    rff('RFF', [8, 2, 2, 36, 5, 11, 49, 3, 32, 64, 2, 5, 3, 8, 2, 15, 29, 3, 22, 7]),
    rff('PCT-3', [54, 21, 32, 488, 143, 19, 173, 231, 29, 451, 116, 297, 624, 296, 150, 352, 195, 31, 84, 112]),
    rff('POS', [9, 2, 2, 37, 7, 26, 2, 3, 49, 83, 2, 5, 3, 18, 2, 9, 25, 58, 8, 6]),
  ],
  'CS/account': [
    surw('SURW', [7, 6, 4, 3, 9, 4, 4, 6, 11, 4, 23, 5, 2, 3, 2, 2, 3, 3, 13, 3], '6 ± 5'),
    surw('PCT-3', [3, 2, 3, 4, 2, 6, 4, 5, 2, 4, 5, 3, 5, 2, 11, 5, 5, 2, 9, 5], '4 ± 2'),
    surw('PCT-10', [2, 2, 6, 13, 2, 2, 5, 4, 4, 2, 2, 7, 3, 11, 6, 4, 4, 2, 4, 5], '4 ± 3'),
    surw('POS', [1, 5, 3, 1, 8, 2, 7, 10, 12, 8, 1, 1, 1, 3, 2, 4, 3, 3, 5, 2], '4 ± 3'),
    surw('RW', [1, 90, 5, 6, 20, 6, 12, 81, 17, 3, 14, 9, 22, 25, 13, 2, 16, 3, 12, 4], '18 ± 24'),
    rff('RFF', [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]),
    rff('PCT-3', [11, 8, 7, 21, 19, 3, 3, 1, 20, 3, 19, 1, 1, 5, 14, 16, 6, 4, 3, 6]),
    rff('POS', [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]),
  ],
  'CS/bluetooth_driver': [
    surw('SURW', [135, 128, 15, 13, 22, 109, 128, 66, 7, 57, 112, 18, 41, 157, 143, 44, 6, 12, 49, 142], '70 ± 55'),
    surw('PCT-3', [20, 62, 175, 96, 158, 71, 5, 143, 230, 114, 81, 146, 149, 11, 104, 105, 95, 17, 200, 268], '112 ± 73'),
    surw('PCT-10', [2, 24, 72, 23, 58, 5, 101, 80, 319, 34, 43, 50, 225, 15, 39, 105, 160, 56, 23, 225], '83 ± 86'),
    surw('POS', [16, 74, 18, 23, 21, 21, 79, 41, 10, 33, 19, 34, 72, 97, 34, 87, 2, 18, 17, 6], '36 ± 29'),
    surw('RW', [296, 232, 215, 164, 111, 85, 199, 138, 255, 84, 340, 30, 561, 25, 345, 14, 968, 28, 159, 45], '215 ± 225'),
    rff('RFF', [55, 49, 46, 31, 131, 68, 9, 81, 59, 3, 14, 10, 2, 44, 60, 53, 29, 29, 112, 12]),
    rff('PCT-3', [549, 586, 135, 98, 122, 15, 180, 55, 152, 63, 12, 48, 235, 48, 116, 14, 104, 248, 106, 331]),
    rff('POS', [56, 43, 197, 309, 22, 26, 134, 147, 67, 3, 15, 12, 2, 53, 27, 64, 33, 28, 166, 41]),
  ],
  'CS/carter01': [
    surw('PCT-3', [2, 5, 2, 14, 5, 7, 3, 11, 4, 2, 5, 8, 2, 3, 5, 5, 6, 2, 6, 4], null),
    surw('PCT-10', [2, 4, 2, 2, 3, 2, 3, 2, 4, 3, 7, 2, 4, 5, 3, 5, 4, 2, 2, 6], null),
    surw('POS', [2, 4, 2, 1, 2, 1, 4, 1, 1, 1, 1, 1, 2, 7, 1, 1, 1, 1, 1, 2], null),
    surw('RW', [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1], null),
    rff('RFF', [2, 1, 1, 2, 1, 6, 3, 2, 1, 4, 3, 1, 1, 1, 1, 1, 1, 3, 1, 1]),
    rff('PCT-3', [3, 11, 5, 6, 20, 1, 5, 3, 4, 1, 1, 1, 6, 4, 3, 8, 5, 5, 4, 7]),
    rff('POS', [2, 1, 1, 2, 4, 4, 2, 2, 4, 4, 3, 1, 2, 1, 1, 1, 1, 4, 1, 1]),
  ],
  'CS/circular_buffer': [
    surw('SURW', [3, 3, 2, 5, 3, 2, 3, 2, 4, 2, 3, 3, 2, 2, 2, 2, 4, 3, 3, 3], null),
    surw('PCT-3', [4, 4, 11, 3, 12, 3, 2, 22, 14, 10, 9, 11, 2, 8, 6, 12, 17, 4, 25, 3], null),
    surw('PCT-10', [2, 3, 2, 3, 5, 2, 4, 2, 7, 4, 8, 13, 3, 10, 3, 3, 8, 2, 5, 3], null),
    surw('POS', [1, 1, 2, 1, 1, 2, 1, 1, 1, 1, 3, 5, 3, 1, 1, 3, 4, 3, 5, 2], null),
    surw('RW', [6, 8, 5, 1, 10, 3, 2, 1, 2, 3, 12, 1, 1, 5, 6, 2, 1, 3, 7, 4], null),
    rff('RFF', [1, 5, 1, 1, 1, 1, 2, 1, 3, 1, 2, 1, 1, 1, 1, 5, 1, 1, 1, 1]),
    rff('PCT-3', [3, 8, 6, 8, 1, 6, 15, 5, 4, 2, 3, 1, 2, 1, 4, 6, 2, 16, 2, 6]),
    rff('POS', [1, 6, 1, 1, 1, 1, 2, 1, 3, 1, 2, 1, 1, 1, 1, 3, 1, 1, 1, 1]),
  ],
  'CS/deadlock01': [
    surw('SURW', [2, 1, 2, 2, 2, 2, 1, 1, 2, 1, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2], '2 ± 0'),
    surw('PCT-3', [8, 13, 12, 41, 6, 7, 6, 11, 34, 9, 7, 10, 46, 11, 15, 5, 2, 2, 6, 8], '13 ± 12'),
    surw('PCT-10', [3, 5, 16, 6, 8, 3, 6, 7, 7, 3, 3, 2, 2, 5, 2, 11, 7, 11, 20, 21], '7 ± 6'),
    surw('POS', [2, 10, 7, 1, 5, 1, 1, 1, 6, 1, 3, 5, 2, 1, 4, 12, 1, 4, 1, 3], '4 ± 3'),
    surw('RW', [1, 1, 5, 1, 2, 2, 11, 1, 3, 1, 6, 4, 1, 4, 2, 6, 1, 1, 3, 8], '3 ± 3'),
    rff('RFF', [18, 7, 2, 3, 8, 4, 1, 2, 4, 9, 5, 4, 2, 4, 5, 4, 4, 2, 4, 1]),
    rff('PCT-3', [19, 16, 10, 1, 12, 3, 39, 89, 11, 4, 4, 25, 38, 1, 28, 29, 27, 15, 28, 2]),
    rff('POS', [11, 5, 4, 3, 5, 4, 1, 2, 4, 9, 5, 4, 2, 2, 5, 5, 8, 2, 4, 1]),
  ],
  'CS/lazy01': [
    surw('SURW', [2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2], '2 ± 0'),
    surw('PCT-3', [6, 2, 3, 4, 2, 3, 5, 5, 2, 4, 5, 7, 5, 3, 9, 5, 8, 2, 13, 5], '5 ± 3'),
    surw('PCT-10', [2, 2, 6, 2, 2, 5, 6, 9, 4, 2, 2, 2, 6, 8, 6, 10, 4, 2, 4, 8], '5 ± 3'),
    surw('POS', [1, 5, 3, 1, 8, 2, 7, 10, 3, 8, 13, 8, 1, 5, 2, 1, 6, 3, 5, 2], '5 ± 3'),
    surw('RW', [6, 9, 8, 6, 20, 10, 26, 81, 2, 61, 8, 21, 27, 25, 14, 21, 1, 16, 46, 4], '21 ± 21'),
    rff('RFF', [3, 8, 14, 4, 6, 28, 7, 6, 1, 6, 1, 6, 13, 4, 2, 11, 4, 2, 1, 1]),
    rff('PCT-3', [3, 8, 8, 21, 3, 1, 9, 5, 10, 14, 13, 11, 1, 13, 28, 13, 13, 10, 8, 11]),
    rff('POS', [3, 10, 16, 4, 6, 6, 5, 6, 1, 6, 1, 8, 4, 3, 2, 2, 8, 10, 1, 1]),
  ],
  'CS/queue': [
    surw('SURW', [3, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 4, 2, 2, 2, 2], null),
    surw('PCT-3', [5, 2, 2, 2, 3, 2, 5, 3, 2, 3, 2, 2, 6, 5, 2, 2, 3, 7, 3, 5], null),
    surw('PCT-10', [2, 2, 2, 2, 3, 3, 2, 2, 2, 2, 2, 3, 3, 3, 2, 2, 2, 3, 2, 2], null),
    surw('POS', [1, 4, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1], null),
    surw('RW', [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1], null),
    rff('RFF', [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]),
    rff('PCT-3', [47, 6, 28, 14, 30, 2, 2, 12, 8, 3, 9, 2, 42, 8, 1, 7, 4, 6, 5, 4]),
    rff('POS', [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]),
  ],
  'CS/reorder_10': [
    surw('SURW', [47, 20, 21, 20, 15, 19, 9, 20, 18, 35, 2, 2, 14, 19, 16, 12, 25, 2, 7, 21], '17 ± 11'),
    surw('PCT-3', [3938, 790, 1018, 1115, 2132, 6345, 5346, null, 6752, 798, null, null, null, 468, 3417, 7672, 3093, 4804, 3636, 281], '3225 ± 2426*'),
    surw('PCT-10', [null, 2650, null, null, 8605, null, null, 598, 9698, 757, null, 3327, 1433, 7104, null, 4942, null, 7815, 5459, 1155], '4462 ± 3266*'),
    surw('POS', [null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null], '-'),
    surw('RW', [null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null], '-'),
    rff('RFF', [6, 20, 2, 4, 7, 3, 6, 8, 1, 8, 4, 4, 4, 6, 7, 13, 4, 1, 8, 1]),
    rff('PCT-3', [2764, 373, 5420, 1965, 8812, 1390, 105, 845, 274, 3803, 1478, 5547, 4858, 1657, 3041, 2216, 847, 558, 22, 1141]),
    rff('POS', [null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null]),
  ],
  'CS/reorder_20': [
    surw('SURW', [9, 3, 3, 2, 8, 4, 4, 11, 11, 8, 2, 2, 4, 7, 15, 7, 2, 2, 13, 2], '6 ± 4'),
    surw('PCT-3', [3965, 26, 4870, 1654, 1487, 900, 4648, 8309, 1667, 7832, 1183, 2313, 2901, 215, 1028, 2564, 3538, 8887, 1597, 517], '3005 ± 2680'),
    surw('PCT-10', [4880, 4986, 7388, 6232, 2644, null, 366, 6517, null, 1719, 282, 710, 6784, 815, 261, 4958, 369, null, 32, 7111], '3297 ± 2877*'),
    surw('POS', [null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null], '-'),
    surw('RW', [null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null], '-'),
    rff('RFF', [6, 20, 2, 4, 7, 3, 6, 8, 1, 8, 4, 4, 4, 6, 7, 13, 4, 1, 8, 1]),
    rff('PCT-3', [6863, 270, 933, 760, 1121, 6839, 70, 2711, 2736, 269, 551, 1401, 1468, 1364, 7590, 1902, 1108, 2722, 1244, 631]),
    rff('POS', [null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null]),
  ],
  'CS/reorder_3': [
    surw('SURW', [5, 3, 3, 4, 15, 23, 10, 2, 22, 15, 10, 6, 2, 8, 3, 3, 2, 5, 3, 2], '7 ± 7'),
    surw('PCT-3', [638, 9, 329, 153, 181, 224, 76, 27, 11, 55, 712, 11, 169, 306, 81, 269, 291, 44, 108, 9], '185 ± 199'),
    surw('PCT-10', [48, 6, 154, 37, 285, 95, 47, 50, 154, 37, 83, 418, 26, 329, 41, 183, 60, 802, 97, 9], '148 ± 191'),
    surw('POS', [187, 74, 18, 9, 26, 91, 195, 182, 122, 22, 31, 48, 4, 124, 93, 148, 22, 208, 1, 105], '86 ± 70'),
    surw('RW', [null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null], '-'),
    rff('RFF', [6, 20, 2, 5, 7, 3, 14, 15, 1, 8, 4, 4, 4, 6, 7, 13, 4, 1, 8, 1]),
    rff('PCT-3', [245, 138, 382, 219, 105, 32, 184, 194, 215, 1304, 114, 45, 45, 78, 89, 82, 63, 86, 1067, 134]),
    rff('POS', [446, 69, 49, 32, 69, 217, 171, 274, 376, 128, 156, 468, 105, 304, 480, 5, 149, 501, 367, 88]),
  ],
  'CS/reorder_4': [
    surw('SURW', [13, 3, 2, 4, 15, 21, 9, 2, 4, 14, 5, 4, 2, 7, 2, 4, 2, 2, 15, 17], '7 ± 6'),
    surw('PCT-3', [478, 1592, 127, 70, 56, 136, 143, 608, 459, 704, 520, 1059, 1045, 552, 152, 17, 2666, 220, 186, 290], '554 ± 643'),
    surw('PCT-10', [493, 522, 377, 574, 503, 494, 13, 261, 115, 628, 365, 156, 352, 289, 25, 765, 544, 487, 132, 151], '362 ± 213'),
    surw('POS', [1309, 2255, 18, 67, 233, 842, 609, 168, 559, 199, 108, 125, 173, 508, 486, 230, 2151, 322, 28, 270], '533 ± 651'),
    surw('RW', [null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null], '-'),
    rff('RFF', [6, 20, 2, 4, 7, 3, 6, 15, 1, 8, 4, 4, 4, 6, 7, 13, 4, 1, 8, 1]),
    rff('PCT-3', [29, 246, 243, 212, 1059, 366, 381, 1020, 277, 477, 728, 306, 352, 28, 322, 85, 989, 226, 516, 44]),
    rff('POS', [2620, 76, 993, 666, 425, 8202, 443, 1379, 484, 1852, 2637, 392, 404, 2497, 482, 2839, 523, 1555, 617, 186]),
  ],
  'CS/reorder_5': [
    surw('SURW', [13, 4, 3, 23, 19, 5, 30, 11, 4, 8, 5, 4, 2, 14, 28, 7, 2, 2, 6, 19], '10 ± 9'),
    surw('PCT-3', [1030, 918, 99, 764, 557, 164, 1160, 238, 449, 1006, 147, 2139, 47, 654, 143, 869, 931, 67, 528, 1026], '647 ± 517'),
    surw('PCT-10', [524, 344, 1448, 69, 302, 3674, 73, 333, 565, 481, 29, 673, 323, 520, 578, 1596, 3620, 3619, 1036, 2076], '1094 ± 1216'),
    surw('POS', [3280, 2677, 1787, 3492, 1712, 860, 2928, 1587, 714, 199, 1578, 424, 8855, 2556, 1112, 1027, 1001, 6668, 725, 199], '2169 ± 2182'),
    surw('RW', [null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null], '-'),
    rff('RFF', [6, 20, 2, 4, 7, 3, 6, 8, 1, 8, 4, 4, 4, 6, 7, 13, 4, 1, 8, 1]),
    rff('PCT-3', [993, 1952, 128, 459, 876, 1154, 2369, 1442, 140, 99, 447, 934, 3754, 366, 973, 1192, 3494, 1044, 211, 494]),
    rff('POS', [4257, 12051, 243, 665, 4778, 9929, 979, 1974, 1555, 4429, 4656, 472, 14958, 4732, null, 1665, null, null, 4280, 2792]),
  ],
  'CS/stack': [
    surw('SURW', [9, 5, 7, 2, 2, 4, 6, 2, 9, 2, 5, 2, 2, 6, 5, 3, 2, 13, 4, 2], '5 ± 3'),
    surw('PCT-3', [7, 2, 2, 2, 2, 4, 2, 3, 5, 2, 7, 7, 2, 3, 3, 3, 2, 2, 2, 2], '3 ± 2'),
    surw('PCT-10', [2, 2, 2, 5, 2, 3, 2, 2, 3, 3, 3, 3, 2, 3, 3, 2, 5, 2, 2, 2], '3 ± 1'),
    surw('POS', [2, 4, 1, 1, 1, 3, 1, 1, 1, 1, 2, 1, 3, 1, 1, 1, 2, 1, 5, 1], '2 ± 1'),
    surw('RW', [1, 193, 298, 356, 157, 99, 316, 115, 289, 208, 259, 154, 38, 137, 24, 21, 524, 200, 2, 129], '176 ± 136'),
    rff('RFF', [1, 3, 2, 1, 4, 2, 1, 3, 1, 1, 1, 2, 1, 1, 1, 1, 2, 2, 1, 1]),
    rff('PCT-3', [2, 1, 1, 7, 2, 2, 1, 1, 2, 3, 1, 2, 3, 7, 1, 3, 2, 1, 1, 1]),
    rff('POS', [1, 1, 4, 1, 6, 2, 1, 3, 4, 1, 1, 2, 1, 1, 1, 1, 2, 5, 2, 1]),
  ],
  'CS/token_ring': [
    surw('SURW', [5, 8, 13, 3, 2, 4, 4, 7, 7, 16, 16, 3, 2, 3, 10, 24, 8, 12, 11, 5], '8 ± 6'),
    surw('PCT-3', [4, 4, 27, 4, 12, 16, 5, 4, 2, 5, 9, 9, 4, 6, 3, 7, 8, 16, 8, 10], '8 ± 6'),
    surw('PCT-10', [3, 8, 20, 2, 19, 2, 8, 4, 6, 6, 6, 2, 3, 3, 8, 3, 36, 3, 11, 4], '8 ± 8'),
    surw('POS', [10, 10, 3, 1, 2, 1, 7, 23, 10, 48, 1, 5, 2, 9, 10, 1, 1, 13, 10, 5], '9 ± 11'),
    surw('RW', [1, 41, 5, 1, 17, 6, 2, 7, 2, 29, 26, 4, 1, 8, 22, 8, 14, 16, 43, 7], '13 ± 13'),
    rff('RFF', [2, 1, 20, 4, 11, 1, 4, 2, 1, 11, 6, 3, 7, 4, 1, 3, 8, 3, 8, 2]),
    rff('PCT-3', [10, 6, 13, 2, 5, 2, 12, 2, 9, 8, 4, 26, 4, 3, 16, 4, 3, 15, 6, 4]),
    rff('POS', [6, 5, 5, 12, 14, 1, 7, 2, 20, 9, 15, 3, 5, 10, 1, 4, 5, 3, 11, 2]),
  ],
  'CS/twostage_100': [
    surw('SURW', [233, 1599, 335, 41, 125, 293, 1623, 384, 133, 818, 252, 586, 224, 524, 151, 228, 536, 126, 644, 222], '454 ± 444'),
    surw('PCT-3', [8418, null, null, null, null, null, null, null, 6888, null, null, null, null, null, null, null, null, null, null, 7092], '7466 ± 831*'),
    surw('PCT-10', [null, 6732, null, 667, null, null, 3224, null, null, null, null, 4624, null, null, null, 4787, 8272, 7809, 7906, 7512], '5726 ± 2591*'),
    surw('POS', [null, 4675, null, null, 5375, null, null, null, null, null, null, null, null, null, null, null, null, 9971, null, null], '6674 ± 2877*'),
    surw('RW', [null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null], '-'),
    rff('RFF', [18, 35, 3, 32, 3, 61, 34, 194, 13, 25, 94, 25, 128, 19, 280, 17, 20, 16, 17, 86]),
    rff('PCT-3', [null, null, 9987, 344, null, null, null, null, null, 2538, null, 3712, null, null, null, null, null, null, 1352, 5395]),
    rff('POS', [null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null]),
  ],
  'CS/twostage': [
    surw('SURW', [14, 3, 3, 8, 13, 4, 4, 2, 6, 10, 5, 12, 4, 11, 10, 6, 6, 11, 16, 2], '8 ± 4'),
    surw('PCT-3', [8, 12, 3, 21, 19, 17, 2, 9, 25, 8, 18, 65, 5, 3, 5, 3, 2, 18, 6, 3], '13 ± 14'),
    surw('PCT-10', [12, 4, 6, 10, 5, 3, 5, 3, 10, 2, 10, 10, 2, 3, 4, 11, 18, 3, 49, 3], '9 ± 10'),
    surw('POS', [11, 42, 2, 27, 14, 17, 17, 10, 11, 7, 8, 16, 6, 31, 1, 12, 40, 22, 6, 1], '15 ± 12'),
    surw('RW', [256, 3, 1635, 1, 1023, 904, 599, 506, 53, 73, 160, 65, 2094, 95, 173, 684, 80, 25, 744, 109], '464 ± 581'),
    rff('RFF', [8, 1, 1, 6, 5, 13, 10, 3, 28, 5, 4, 5, 6, 3, 18, 3, 6, 9, 11, 20]),
    rff('PCT-3', [7, 1, 7, 1, 7, 6, 2, 7, 29, 15, 2, 3, 33, 11, 1, 11, 1, 3, 10, 21]),
    rff('POS', [10, 1, 1, 3, 35, 8, 4, 13, 64, 5, 18, 32, 10, 21, 8, 31, 7, 13, 5, 3]),
  ],
  'CS/wronglock_3': [
    surw('SURW', [8, 6, 3, 8, 9, 2, 3, 7, 7, 5, 4, 5, 4, 9, 4, 31, 8, 11, 7, 35], '9 ± 9'),
    surw('PCT-3', [177, 12, 102, 74, 38, 77, 124, 52, 37, 22, 18, 66, 22, 3, 80, 3, 19, 42, 121, 74], '58 ± 46'),
    surw('PCT-10', [22, 12, 9, 19, 33, 11, 8, 29, 14, 2, 12, 13, 2, 3, 27, 20, 31, 3, 9, 2], '14 ± 10'),
    surw('POS', [12, 4, 2, 22, 8, 31, 3, 9, 6, 2, 3, 16, 3, 60, 1, 12, 4, 3, 11, 4], '11 ± 14'),
    surw('RW', [148, 3, 15, 76, 20, 4, 20, 3, 13, 59, 49, 65, 120, 2, 5, 10, 17, 11, 6, 71], '36 ± 42'),
    rff('RFF', [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]),
    rff('PCT-3', [10, 29, 38, 17, 17, 52, 57, 7, 36, 27, 136, 119, 37, 44, 61, 1, 76, 16, 13, 13]),
    rff('POS', [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]),
  ],
  'CS/wronglock': [
    surw('SURW', [8, 2, 11, 5, 3, 2, 4, 4, 2, 18, 15, 3, 3, 6, 25, 2, 4, 3, 7, 22], '7 ± 7'),
    surw('PCT-3', [23, 2, 15, 13, 77, 52, 76, 84, 38, 61, 11, 7, 59, 17, 3, 40, 218, 44, 113, 70], '51 ± 50'),
    surw('PCT-10', [5, 2, 31, 13, 27, 20, 14, 4, 24, 6, 17, 7, 26, 12, 2, 40, 4, 49, 87, 12], '20 ± 20'),
    surw('POS', [12, 4, 2, 22, 8, 27, 1, 9, 6, 2, 3, 16, 3, 60, 1, 12, 4, 3, 3, 7], '10 ± 14'),
    surw('RW', [148, 3, 15, 76, 20, 4, 20, 3, 13, 59, 49, 65, 120, 2, 5, 10, 17, 11, 6, 71], '36 ± 42'),
    rff('RFF', [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]),
    rff('PCT-3', [25, 262, 44, 48, 33, 14, 1, 163, 95, 119, 8, 12, 172, 146, 59, 390, 39, 20, 65, 50]),
    rff('POS', [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]),
  ],
};

/**
 * What we looked for and did not find, with why: the benchmark shows these as "n/p".
 */
export const NOT_PUBLISHED: readonly { readonly what: string; readonly why: string }[] = [
  {
    what: 'SURW, RFF, PCT-10 and RW on CS/arithmetic_prog, din_phil2–7, fsbench, phase01, sync01, sync02',
    why: "neither artifact ran them (SURW's scripts/eval/run_period.py and RFF's full-data.csv list the programs run); their bugs show in every schedule, or nearly",
  },
  { what: 'SURW on CS/carter01', why: "SURW's artifact has trials of the other tools on carter01 but none of rp-urw (SURW)" },
  {
    what: 'Thomson, Donaldson, Betts, TOPC 2016 (SCTBench): Rand and PCT per program',
    why: "its per-benchmark table (one run per technique, up to 100,000 schedules: the schedule limit of the SCTBench README's logs and scripts/tabulate2.py) could not be read from this environment, and the logs are a Dropbox archive the repository links to; no figure is copied from it",
  },
  {
    what: '"Effective Concurrency Testing for Go via Directional Primitive-Constrained Interleaving Exploration"',
    why: 'a paper on testing Go programs, which SCTBench (C and C++) is not; the paper could not be read from here, and we found no SCTBench figure of it to copy',
  },
];

/** The cell the benchmark shows for `tool` on `program`, or undefined when none is published. */
export function publishedCell(program: string, tool: PublishedTool): PublishedCell | undefined {
  return PUBLISHED[program]?.find((c) => c.tool === tool);
}

/** Mean schedules to the first bug over the trials that found it; NaN when none did. */
export function publishedMean(c: PublishedCell): number {
  const found = c.trials.filter((x): x is number => x !== null);
  return found.length === 0 ? NaN : found.reduce((a, b) => a + b, 0) / found.length;
}

/** Trials that found the bug. */
export function publishedFound(c: PublishedCell): number {
  return c.trials.filter((x) => x !== null).length;
}
