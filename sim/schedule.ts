/**
 * Schedules: the recorded choices of one execution, and their string form.
 *
 * A choice is one integer: `id * 4 + tag`, where tag 0 picks goroutine `id`, tag 1 fires
 * timer `id`, and tag 2 is a value drawn for `random(n)` or `select`. Ids are per-execution
 * counters, so a schedule means the same thing on every run of the same scenario.
 *
 * The string form is versioned, shell-safe and copy-pasteable:
 *
 *     il1:<scenario>:<variant>:<header>:<choices>:<checksum>
 *
 * `header` is base64url JSON `{"p": params, "o": options}`; `choices` is a `.`-separated
 * run-length list (`0x3` = goroutine 0 three times, `t1` = fire timer 1, `r2` = value 2);
 * `checksum` is FNV-1a (32-bit, hex) of everything before it, so a flipped or truncated
 * string is refused instead of replaying something else.
 */

export const SCHEDULE_VERSION = 'il1';

/** Tags of a choice code. */
export enum ChoiceTag {
  Goroutine = 0,
  Timer = 1,
  Value = 2,
}

export function choiceCode(tag: ChoiceTag, id: number): number {
  return id * 4 + tag;
}
export function choiceTag(code: number): ChoiceTag {
  return (code % 4) as ChoiceTag;
}
export function choiceId(code: number): number {
  return Math.floor(code / 4);
}

/** Run options that change what an execution does, and so travel with its schedule. */
export interface ScheduleOptions {
  /** Timers fire only when no goroutine is runnable (Go synctest's rule). */
  idleTimers?: boolean;
  /** The step limit the execution ran under. */
  maxSteps?: number;
  /** The fairness quantum (virtual ns) it ran under; 0 means no limit. */
  quantum?: number;
  /** Every `sim.struct` write was a scheduling point (absent: it was not, as in older schedules). */
  preemptAtAccesses?: boolean;
}

/** A parameter's value: its type is its default's (`--param rounds=3` is converted to it). */
export type ParamValue = number | string | boolean;
/** A scenario's parameters by name, with every default filled in. */
export type Params = Readonly<Record<string, ParamValue>>;

/** A decoded schedule. */
export interface Schedule {
  readonly scenario: string;
  readonly variant: string;
  readonly params: Params;
  readonly options: ScheduleOptions;
  readonly choices: readonly number[];
}

/** Thrown for a string that is not a valid schedule; the message is one clear line. */
export class ScheduleError extends Error {
  override readonly name = 'ScheduleError';
}

/** Longest schedule string accepted (a guard against absurd input). */
const MAX_LENGTH = 64 * 1024 * 1024;
/**
 * Most choices a schedule may expand to: 16 Mi (128 MB as an array). Repeat counts make
 * a short string stand for many choices, so this is checked before anything is expanded.
 */
export const MAX_CHOICES = 16 * 1024 * 1024;
const NAME = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;

/**
 * The schedule string of `s`: `il1:<scenario>:<variant>:<params and options>:<choices>:<checksum>`,
 * which `replay` and `decodeSchedule` accept on any machine.
 *
 * @example
 *   encodeSchedule({ scenario: 'lost-update', variant: 'bad', params: { goroutines: 2, rounds: 1 }, options: {}, choices: [1, 1, 1, 0, 0] });
 */
export function encodeSchedule(s: Schedule): string {
  const head = canonicalJson({ p: s.params, o: s.options });
  const body = [SCHEDULE_VERSION, s.scenario, s.variant, base64url(head), encodeChoices(s.choices)].join(':');
  return `${body}:${fnv1a(body)}`;
}

/**
 * Decodes a schedule string. `maxSteps`: the step limit of the scenario it is for, when
 * the caller knows it; an execution makes at most two choices a step (the step, and a
 * value for `random` or `select`), so a schedule with more than twice the limit (its
 * own `maxSteps` option first) is refused before it is expanded.
 */
export function decodeSchedule(text: string, maxSteps?: number): Schedule {
  const str = text.trim();
  if (str.length === 0) throw new ScheduleError('empty schedule string');
  if (str.length > MAX_LENGTH) throw new ScheduleError(`schedule string too long (${str.length} characters)`);
  const parts = str.split(':');
  const version = parts[0]!;
  if (!/^il\d+$/.test(version)) {
    throw new ScheduleError(`not an interleave schedule: expected it to start with "${SCHEDULE_VERSION}:"`);
  }
  if (version !== SCHEDULE_VERSION) {
    throw new ScheduleError(`schedule format ${version} is not supported (this engine reads ${SCHEDULE_VERSION})`);
  }
  if (parts.length !== 6) throw new ScheduleError(`malformed schedule: expected 6 ":"-separated fields, found ${parts.length}`);
  const [, scenario, variant, head, choices, sum] = parts as [string, string, string, string, string, string];
  const body = str.slice(0, str.length - sum.length - 1);
  if (fnv1a(body) !== sum) throw new ScheduleError('schedule checksum mismatch: the string was altered or truncated');
  if (!NAME.test(scenario)) throw new ScheduleError(`malformed schedule: bad scenario name "${scenario}"`);
  if (!NAME.test(variant)) throw new ScheduleError(`malformed schedule: bad variant name "${variant}"`);
  let header: unknown;
  try {
    header = JSON.parse(unbase64url(head));
  } catch (e) {
    if (e instanceof ScheduleError) throw e;
    throw new ScheduleError('malformed schedule: unreadable parameters');
  }
  const { params, options } = checkHeader(header);
  const steps = options.maxSteps ?? maxSteps;
  const limit = steps === undefined ? MAX_CHOICES : Math.min(MAX_CHOICES, 2 * steps);
  return { scenario, variant, params, options, choices: decodeChoices(choices, limit) };
}

function checkHeader(h: unknown): { params: Params; options: ScheduleOptions } {
  if (!isPlainObject(h)) throw new ScheduleError('malformed schedule: parameters are not an object');
  const p = h['p'] ?? {};
  const o = h['o'] ?? {};
  if (!isPlainObject(p) || !isPlainObject(o)) throw new ScheduleError('malformed schedule: parameters are not an object');
  const params: Record<string, ParamValue> = {};
  for (const [k, v] of Object.entries(p)) {
    if (typeof v !== 'number' && typeof v !== 'string' && typeof v !== 'boolean') {
      throw new ScheduleError(`malformed schedule: parameter "${k}" is not a number, string or boolean`);
    }
    Object.defineProperty(params, k, { value: v, enumerable: true, writable: false });
  }
  const options: ScheduleOptions = {};
  if (o['idleTimers'] !== undefined) {
    if (typeof o['idleTimers'] !== 'boolean') throw new ScheduleError('malformed schedule: bad idleTimers option');
    options.idleTimers = o['idleTimers'];
  }
  if (o['preemptAtAccesses'] !== undefined) {
    if (typeof o['preemptAtAccesses'] !== 'boolean') throw new ScheduleError('malformed schedule: bad preemptAtAccesses option');
    options.preemptAtAccesses = o['preemptAtAccesses'];
  }
  if (o['quantum'] !== undefined) {
    const q = o['quantum'];
    if (typeof q !== 'number' || !Number.isSafeInteger(q) || q < 0) throw new ScheduleError('malformed schedule: bad quantum option');
    options.quantum = q;
  }
  if (o['maxSteps'] !== undefined) {
    const m = o['maxSteps'];
    if (typeof m !== 'number' || !Number.isSafeInteger(m) || m < 1) throw new ScheduleError('malformed schedule: bad maxSteps option');
    options.maxSteps = m;
  }
  return { params, options };
}

function isPlainObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** Run-length encodes choice codes. */
export function encodeChoices(choices: readonly number[]): string {
  if (choices.length === 0) return '-';
  const out: string[] = [];
  let i = 0;
  while (i < choices.length) {
    const c = choices[i]!;
    let j = i + 1;
    while (j < choices.length && choices[j] === c) j++;
    const id = choiceId(c);
    const prefix = choiceTag(c) === ChoiceTag.Timer ? 't' : choiceTag(c) === ChoiceTag.Value ? 'r' : '';
    out.push(j - i > 1 ? `${prefix}${id}x${j - i}` : `${prefix}${id}`);
    i = j;
  }
  return out.join('.');
}

const TOKEN = /^([tr]?)(\d{1,9})(?:x(\d{1,9}))?$/;

export function decodeChoices(text: string, limit = MAX_CHOICES): number[] {
  if (text === '-') return [];
  const toks = text.split('.');
  const codes: number[] = new Array<number>(toks.length);
  const counts: number[] = new Array<number>(toks.length);
  let total = 0;
  for (let i = 0; i < toks.length; i++) {
    const tok = toks[i]!;
    const m = TOKEN.exec(tok);
    if (m === null) throw new ScheduleError(`malformed schedule: bad choice "${tok.slice(0, 20)}"`);
    const tag = m[1] === 't' ? ChoiceTag.Timer : m[1] === 'r' ? ChoiceTag.Value : ChoiceTag.Goroutine;
    codes[i] = choiceCode(tag, Number(m[2]));
    const n = m[3] === undefined ? 1 : Number(m[3]);
    if (n < 1) throw new ScheduleError(`malformed schedule: bad repeat count in "${tok}"`);
    counts[i] = n;
    total += n;
    if (total > limit) throw new ScheduleError(`schedule too long: more than ${limit.toLocaleString('en-US')} choices${limit < MAX_CHOICES ? ' (twice its step limit)' : ''}`);
  }
  const out: number[] = [];
  for (let i = 0; i < toks.length; i++) {
    const code = codes[i]!;
    for (let k = counts[i]!; k > 0; k--) out.push(code);
  }
  return out;
}

/** JSON with object keys sorted, so equal values give equal strings. */
export function canonicalJson(v: unknown): string {
  return JSON.stringify(sortKeys(v));
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (isPlainObject(v)) {
    const o: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) {
      if (v[k] !== undefined) o[k] = sortKeys(v[k]);
    }
    return o;
  }
  return v;
}

function base64url(s: string): string {
  return Buffer.from(s, 'utf8').toString('base64url');
}

function unbase64url(s: string): string {
  if (!/^[A-Za-z0-9_-]*$/.test(s)) throw new ScheduleError('malformed schedule: bad header encoding');
  return Buffer.from(s, 'base64url').toString('utf8');
}

/** FNV-1a 32-bit of `s` as 8 hex digits. */
export function fnv1a(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}
