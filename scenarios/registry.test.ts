import { existsSync, readFileSync } from 'fs';
import { join } from 'path';
import { registry } from './registry';

describe('registry', () => {
  it('should list each built-in scenario once, with a kebab-case name and a description', () => {
    const names = registry().map((e) => e.scenario.name);
    expect(new Set(names).size).toBe(names.length);
    for (const { scenario } of registry()) {
      expect(scenario.name).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(scenario.description.length).toBeGreaterThan(0);
      for (const v of scenario.variants) expect(v.description.length).toBeGreaterThan(0);
    }
  });

  it('should hold the kernel models and the demos', () => {
    const groups = new Set(registry().map((e) => e.group));
    expect(groups).toContain('kernel');
    expect(groups).toContain('demo');
    expect(registry().map((e) => e.scenario.name)).toEqual(expect.arrayContaining(['tcpip-job', 'futex', 'lost-update']));
    expect(registry().filter((e) => e.group === 'demo').map((e) => e.scenario.name)).toEqual(expect.arrayContaining(['bounded-buffer', 'dining-philosophers']));
  });

  it('should list every variant the READMEs of the five kernel systems name, with its expectation, in order', () => {
    const kernel = registry()
      .filter((e) => e.group === 'kernel')
      .map(({ scenario }) => [scenario.name, scenario.variants.map((v) => `${v.name}:${v.expect}`)]);
    expect(Object.fromEntries(kernel)).toEqual(KERNEL_VARIANTS);
  });

  it('should give every variant a one-line description', () => {
    for (const { scenario } of registry()) {
      for (const v of scenario.variants) expect([scenario.name, v.name, v.description]).toEqual([scenario.name, v.name, expect.not.stringMatching(/\n/)]);
    }
  });

  it('should index every kernel model in scenarios/README.md, with a README of its own', () => {
    const index = readFileSync(join(__dirname, 'README.md'), 'utf8');
    for (const { scenario } of registry().filter((e) => e.group === 'kernel')) expect([scenario.name, index.includes(`\`${scenario.name}\``)]).toEqual([scenario.name, true]);
    for (const dir of ['tcpip-job', 'futex', 'task-stop', 'timekeeper', 'callout']) {
      expect(index).toContain(`(${dir}/README.md)`);
      expect(existsSync(join(__dirname, dir, 'README.md'))).toBe(true);
    }
  });
});

/** The variants of the kernel systems, as their READMEs list them (futex: spread over its five workloads), `name:expect`. */
const KERNEL_VARIANTS = {
  'tcpip-job': ['correct:pass', 'shared-flag:fail', 'shared-flag-reset-in-callback:fail', 'shared-flag-reset-in-schedule:fail', 'no-flag:fail', 'locker-read-at-fire:fail', 'no-lock:fail', 'schedule-without-cancel:fail'],
  futex: ['correct:pass', 'check-outside-lock:fail'],
  'futex-condvar': ['correct:pass', 'check-outside-lock:fail', 'waitcomplete-no-recheck:fail'],
  'futex-requeue-cross': ['correct:pass', 'lock-in-argument-order:fail', 'check-outside-lock:fail', 'waitcomplete-no-recheck:fail'],
  'futex-wakeop': ['correct:pass', 'check-outside-lock:fail', 'shared-pair-unlocked:fail'],
  'futex-bitset': ['correct:pass', 'bitmask-ignored:fail', 'check-outside-lock:fail'],
  'task-stop': ['correct:pass', 'dostop-if:fail', 'sigcont-lost:fail', 'ack-window:fail', 'unbalanced-end:fail', 'new-task-misses-pause:fail', 'stop-without-interrupt:fail'],
  callout: ['drain:pass', 'async-drain:pass', 'stop-then-free:fail', 'ignore-drain-result:fail', 'drain-holding-lock:fail', 'reset-during-drain:fail', 'rfc-drain-convention:fail', 'no-deactivate:fail'],
  timekeeper: ['correct:pass', 'negative-gap-applied:fail', 'restored-never-closed:fail', 'no-wait-before-setclocks:fail', 'stop-without-wait:fail', 'wake-without-update:fail'],
};
